import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accountsOf } from "../../examples/ci/fleet/stackAccounts";

/** examples/ci/fleet's shards.json check, which every stack of the fleet runs before it declares anything. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fleet-shards-"));
  mkdirSync(join(dir, "accounts"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fleet(stacks: Record<string, string[]>, files: string[]): void {
  writeFileSync(join(dir, "shards.json"), JSON.stringify({ stacks }));
  for (const name of files) writeFileSync(join(dir, "accounts", `${name}.json`), "{}");
}

it("gives a stack the accounts shards.json lists for it, and no other's", () => {
  fleet({ "fleet-1": ["acme", "initech"], "fleet-2": ["globex"] }, ["acme", "initech", "globex"]);
  expect(accountsOf("fleet-1", dir)).toEqual(["acme", "initech"]);
  expect(accountsOf("fleet-2", dir)).toEqual(["globex"]);
});

it("refuses, naming each problem, an account in two stacks, one without its file, a file in no stack, a bad name, a stack not listed", () => {
  fleet({ "fleet-1": ["acme", "initech"], "fleet-2": ["acme", "Globex"] }, ["acme", "initech", "stray"]);
  expect(() => accountsOf("fleet-3", dir)).toThrow(
    'shards.json: account acme is in two stacks, fleet-1 and fleet-2: keep it in one; fleet-2: "Globex" is no account name (lowercase letters, digits, inner hyphens); account Globex (stack fleet-2) has no accounts/Globex.json; accounts/stray.json is in no stack: add stray to one in shards.json; stack fleet-3 is not in shards.json: add it with the accounts it holds',
  );
  // The whole file is checked whichever stack asks: a bad edit stops every stack.
  expect(() => accountsOf("fleet-1", dir)).toThrow(/account acme is in two stacks/);
});
