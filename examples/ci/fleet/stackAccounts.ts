import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * shards.json says which accounts each stack holds, by name:
 *
 *   { "stacks": { "fleet-1": ["acme", "initech"], "fleet-2": ["globex"] } }
 *
 * A list, not a rule such as a hash of the name: adding a stack then moves no account, and
 * moving one is an edit of this file that someone reviews. Each account's profiles are in
 * accounts/<account>.json.
 */
interface Shards {
  stacks: Record<string, string[]>;
}

/** As the `account` input takes it: lowercase letters, digits, inner hyphens. */
const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The accounts `stack` holds, once the whole fleet is consistent: every account in one stack
 * only (two stacks writing one profile would undo each other's changes), every account with
 * its file, and every file in a stack (a file in none is an account nobody manages). Every stack
 * checks the whole file, so a bad edit fails each stack's preview before anything is written.
 */
export function accountsOf(stack: string, dir: string): string[] {
  const { stacks } = JSON.parse(readFileSync(join(dir, "shards.json"), "utf8")) as Shards;
  const files = new Set(readdirSync(join(dir, "accounts")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length)));
  const holder = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, accounts] of Object.entries(stacks)) {
    for (const account of accounts) {
      if (!ACCOUNT_NAME.test(account)) problems.push(`${name}: "${account}" is no account name (lowercase letters, digits, inner hyphens)`);
      const other = holder.get(account);
      if (other !== undefined) problems.push(`account ${account} is in two stacks, ${other} and ${name}: keep it in one`);
      holder.set(account, name);
      if (!files.has(account)) problems.push(`account ${account} (stack ${name}) has no accounts/${account}.json`);
    }
  }
  for (const file of files) if (!holder.has(file)) problems.push(`accounts/${file}.json is in no stack: add ${file} to one in shards.json`);
  if (!(stack in stacks)) problems.push(`stack ${stack} is not in shards.json: add it with the accounts it holds`);
  if (problems.length > 0) throw new Error(`shards.json: ${problems.join("; ")}`);
  return stacks[stack]!;
}
