import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { allFixtures, secretRefSchema, type FixtureFiles } from "./fixture";

/**
 * What the recorded files must be before any replay: exports of encrypted stacks (no
 * `--show-secrets`), config whose secrets are `secure:`, and nothing tied to the machine that
 * recorded them. The replay suite then decrypts each fixture's secrets and scans every file
 * for them in clear.
 */
const fixtures = allFixtures();

function secretKeysIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => secretKeysIn(item, out));
  else if (typeof value === "object" && value !== null) {
    const ref = secretRefSchema.safeParse(value);
    if (ref.success) out.add(ref.data.$secret);
    else Object.values(value).forEach((child) => secretKeysIn(child, out));
  }
  return out;
}

function objectsWithKey(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => objectsWithKey(item, key));
  if (typeof value !== "object" || value === null) return [];
  return [...(key in value ? [value] : []), ...Object.values(value).flatMap((child) => objectsWithKey(child, key))];
}

/** Pulumi's marker of a secret value in state. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
type StateResource = { type: string; urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
const resourcesOf = (f: FixtureFiles) => (f.deployment.deployment.resources ?? []) as StateResource[];

describe.each(fixtures.map((f) => [f.id, f] as const))("fixture %s", (_id, fixture) => {
  it("is an export of an encrypted stack: passphrase provider, no decrypted secret anywhere", () => {
    expect(fixture.deployment.version).toBe(3);
    expect(fixture.deployment.deployment.secrets_providers).toMatchObject({ type: "passphrase" });
    expect(objectsWithKey(fixture.deployment, "plaintext")).toEqual([]);
  });

  it("keeps each input the program took from secret config as ciphertext, in inputs and outputs", () => {
    const checked: string[] = [];
    for (const declared of fixture.manifest.program.resources) {
      const state = resourcesOf(fixture).find((r) => r.urn.endsWith(`::${declared.name}`));
      expect(state).toBeDefined();
      for (const [field, value] of Object.entries(declared.inputs)) {
        if (!secretRefSchema.safeParse(value).success) continue;
        for (const side of [state!.inputs, state!.outputs]) expect(side?.[field]).toEqual({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });
        checked.push(field);
      }
    }
    expect(checked.length).toBe([...secretKeysIn(fixture.manifest.program)].length);
  });

  it("has config with an encryption salt, its secrets secure, every secret the files refer to among them", () => {
    expect(fixture.configText).toMatch(/^encryptionsalt: v1:/m);
    const secure = [...fixture.configText.matchAll(/^\s+[\w-]+:(\w+):\s*\n?\s+secure: v1:/gm)].map((m) => m[1]);
    const referred = secretKeysIn([fixture.manifest, fixture.emulators]);
    for (const key of referred) expect(secure).toContain(key);
  });

  it("names nothing of the machine that recorded it", () => {
    for (const name of readdirSync(fixture.dir)) {
      const text = readFileSync(join(fixture.dir, name), "utf8");
      expect({ name, paths: text.match(/(\/tmp\/|\/work\/|\/home\/|\/root\/|\/Users\/)[^"\s]*/g) ?? [] }).toEqual({ name, paths: [] });
    }
  });
});
