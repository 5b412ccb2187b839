import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { SandboxSnapshot } from "../../sandbox/snapshot";

/**
 * One upgrade fixture: a stack as a released version of pulumi-profiles left it. A directory
 * under test/upgrade/fixtures/<release>/<stack>/ holding
 *   fixture.json         this manifest: the program, the one-field change to try
 *   stack.json           `pulumi stack export` of the stack after `up` (encrypted, test passphrase)
 *   Pulumi.<stack>.yaml  the stack's config: its secrets encrypted with the same passphrase
 *   emulators.json       what the emulators held after that `up`, secrets as {"$secret": key}
 */

/** A value the program reads with `config.requireSecret(key)`; it is never written down in clear. */
export const secretRefSchema = z.object({ $secret: z.string() }).strict();
export type SecretRef = z.infer<typeof secretRefSchema>;

const resourceSchema = z.object({
  /** Logical name, as in `new wavix.Profile("main", …)`. */
  name: z.string(),
  /** SDK module and class: "wavix.Profile". */
  type: z.string().regex(/^[a-z]+\.[A-Z][A-Za-z]+$/),
  /** Inputs exactly as the program passed them; secrets as references to stack config. */
  inputs: z.record(z.string(), z.unknown()),
});

export const fixtureSchema = z
  .object({
    release: z.string().regex(/^\d+\.\d+\.\d+$/),
    commit: z.string().regex(/^[0-9a-f]{7,40}$/),
    project: z.string(),
    stack: z.string(),
    about: z.string(),
    /** The Pulumi program that made the stack, as data: resources in order, stack outputs by `resource.output`. */
    program: z.object({
      resources: z.array(resourceSchema).min(1),
      outputs: z.record(z.string(), z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_]+$/)).default({}),
    }),
    /** One input changed on one resource, and the fields the single write must carry (request names, flattened). */
    change: z.object({
      resource: z.string(),
      set: z.record(z.string(), z.unknown()),
      writes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), secretRefSchema])),
    }),
  })
  .strict();

export type Fixture = z.infer<typeof fixtureSchema>;
export type ProgramSpec = Fixture["program"];

export interface FixtureFiles {
  dir: string;
  /** "0.1.0/wavix-restore" */
  id: string;
  manifest: Fixture;
  /** The exported deployment, as `pulumi stack import` takes it. */
  deployment: { version: number; deployment: Record<string, unknown> };
  configFile: string;
  configText: string;
  emulators: SandboxSnapshot;
}

export const FIXTURES_ROOT = join(__dirname, "fixtures");

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

export function loadFixture(dir: string, id: string): FixtureFiles {
  const manifest = fixtureSchema.parse(readJson(join(dir, "fixture.json")));
  const configFile = `Pulumi.${manifest.stack}.yaml`;
  return {
    dir,
    id,
    manifest,
    deployment: readJson(join(dir, "stack.json")) as FixtureFiles["deployment"],
    configFile,
    configText: readFileSync(join(dir, configFile), "utf8"),
    emulators: readJson(join(dir, "emulators.json")) as SandboxSnapshot,
  };
}

const isDir = (path: string) => statSync(path).isDirectory();

/** Every fixture of every release: adding a release's stacks is adding directories, nothing else. */
export function allFixtures(root = FIXTURES_ROOT): FixtureFiles[] {
  return readdirSync(root)
    .filter((release) => isDir(join(root, release)))
    .sort()
    .flatMap((release) =>
      readdirSync(join(root, release))
        .filter((stack) => isDir(join(root, release, stack)))
        .sort()
        .map((stack) => loadFixture(join(root, release, stack), `${release}/${stack}`)),
    );
}

/** Replaces every `{"$secret": key}` in a value by the decrypted stack config value. */
export function resolveSecrets<T>(value: T, secrets: Record<string, string>): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    const ref = secretRefSchema.safeParse(node);
    if (ref.success) {
      const secret = secrets[ref.data.$secret];
      if (secret === undefined) throw new Error(`the fixture refers to secret config ${ref.data.$secret}, which its stack config lacks`);
      return secret;
    }
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
  };
  return walk(value) as T;
}

/** The reverse, at recording time: every occurrence of a secret value becomes a reference to its key. */
export function referSecrets<T>(value: T, secrets: Record<string, string>): T {
  const byValue = new Map(Object.entries(secrets).map(([key, secret]) => [secret, key]));
  const walk = (node: unknown): unknown => {
    if (typeof node === "string" && byValue.has(node)) return { $secret: byValue.get(node)! };
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
  };
  return walk(value) as T;
}
