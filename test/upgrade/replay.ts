import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Deployment, Stack } from "@pulumi/pulumi/automation";
import { startSandbox, type Sandbox } from "../../sandbox";
import { restoreSandbox } from "../../sandbox/snapshot";
import { flatten } from "../../provider/engine/fields";
import { createStack, exportStackEncrypted, makeProgramDir } from "../../scripts/pulumi-cli/localStack";
import { resolveSecrets, type FixtureFiles } from "./fixture";
import { installedSdk, programFrom } from "./program";
import { secretsIn } from "./secretScan";
import { changesSent, type SentChange } from "./wire";

/**
 * One recorded stack replayed under the code of this checkout, through the real Pulumi CLI:
 * `pulumi stack import` into a fresh local backend, emulators seeded with what the API held,
 * then what a user does after upgrading the package. Each step throws an error that names it.
 */

type StateResource = { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

const isProfile = (r: StateResource) => r.type.startsWith("pulumi-nodejs:dynamic/");
const apiOf = (r: StateResource) => r.type.replace(/^pulumi-nodejs:dynamic\/([^:]+):.*$/, "$1");
const nameOf = (r: StateResource) => r.urn.split("::").at(-1)!;

async function step<T>(fixture: FixtureFiles, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const error = err as Error;
    error.message = `${fixture.id}: ${what}: ${error.message}`;
    throw error;
  }
}

function resourcesOf(deployment: Deployment): StateResource[] {
  return (deployment.deployment as { resources?: StateResource[] }).resources ?? [];
}

/** The changes sent on behalf of one profile: by API, and by id where the stack holds several of that API. */
function changesFor(resource: StateResource, all: StateResource[], sent: SentChange[]): SentChange[] {
  const api = apiOf(resource);
  const shared = all.filter((r) => isProfile(r) && apiOf(r) === api).length > 1;
  return sent.filter((change) => change.api === api && (!shared || change.path.includes(resource.id!)));
}

/** Pulumi's marker of a secret value in state. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A value for an error message: a secret from decrypted state shows as [secret], never its text. */
function shown(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "object" && v !== null && SECRET_SIG in v ? "[secret]" : v)) ?? "undefined";
}

/** A change for an error message: which fields it carried, not their values (they can be secrets). */
const described = (changes: SentChange[]) => changes.map((c) => `${c.api} ${c.kind} ${c.path} [${Object.keys(c.fields).sort().join(", ")}]`).join("; ") || "nothing";

const asText = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value === null ? "" : String(value)]));

export class Replay {
  private constructor(
    readonly fixture: FixtureFiles,
    readonly sandbox: Sandbox,
    readonly stack: Stack,
    private readonly cleanup: () => void,
  ) {}

  /** A fresh local backend holding the fixture's stack and config; emulators not yet seeded. */
  static async start(fixture: FixtureFiles): Promise<Replay> {
    const sandbox = await startSandbox();
    const program = makeProgramDir("pulumi-profiles-upgrade-");
    try {
      // The recorded config (its encryption salt and secrets) must be in place before the stack
      // is created, so the passphrase provider keeps it rather than minting a new salt.
      writeFileSync(join(program.dir, fixture.configFile), fixture.configText);
      const stack = await createStack({
        programDir: program.dir,
        projectName: fixture.manifest.project,
        stackName: fixture.manifest.stack,
        program: programFrom(fixture.manifest.program, installedSdk()),
        // Fresh emulators, fresh credentials: the recorded stack keeps none of its own.
        env: sandbox.env,
      });
      return new Replay(fixture, sandbox, stack, program.cleanup);
    } catch (err) {
      program.cleanup();
      await sandbox.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.cleanup();
    await this.sandbox.close();
  }

  private decrypted: Record<string, string> | undefined;

  /** The stack's secret config values, decrypted by the CLI, by bare key. */
  async secrets(): Promise<Record<string, string>> {
    if (!this.decrypted) {
      const config = await step(this.fixture, "reading the recorded stack config", () => this.stack.getAllConfig());
      this.decrypted = Object.fromEntries(Object.entries(config).filter(([, v]) => v.secret).map(([key, v]) => [key.replace(/^[^:]+:/, ""), v.value]));
    }
    return this.decrypted;
  }

  /** `pulumi stack import` of the recorded export, and the emulators put back as they were then. */
  async importRecorded(): Promise<void> {
    const f = this.fixture;
    await step(f, "pulumi stack import", () => this.stack.importStack(f.deployment as Deployment));
    restoreSandbox(this.sandbox, resolveSecrets(f.emulators, await this.secrets()));
    this.sandbox.clearLogs();
  }

  /** The stack's state as `pulumi stack export --show-secrets` gives it. */
  state(): Promise<Deployment> {
    return step(this.fixture, "pulumi stack export", () => this.stack.exportStack());
  }

  /** Fails when the encrypted export holds any of the stack's secrets in clear. */
  async expectNoSecretInState(when: string): Promise<void> {
    const secrets = await this.secrets();
    const found = secretsIn(await exportStackEncrypted(this.stack), secrets);
    if (found.length > 0) throw new Error(`${this.fixture.id}: after ${when}, the encrypted stack export holds secret config ${found.join(", ")} in clear`);
  }

  /** Fails when any file of test/upgrade (every fixture, the recorder) holds one of this stack's secrets. */
  async expectFilesHoldNoSecret(): Promise<void> {
    const secrets = await this.secrets();
    if (Object.keys(secrets).length === 0) return;
    for (const file of filesUnder(__dirname)) {
      const found = secretsIn(readFileSync(file, "utf8"), secrets);
      if (found.length > 0) throw new Error(`${this.fixture.id}: ${file} holds secret config ${found.join(", ")} in clear`);
    }
  }

  /** `pulumi preview` right after the upgrade: nothing to do, nothing sent. */
  async expectCleanPreview(recorded: Deployment): Promise<void> {
    const f = this.fixture;
    const preview = await step(f, "preview after upgrade", () => this.stack.preview({ diff: true }));
    const count = resourcesOf(recorded).filter((r) => isProfile(r)).length + 1;
    if (JSON.stringify(preview.changeSummary) !== JSON.stringify({ same: count })) {
      throw new Error(`${f.id}: preview after upgrade wants changes ${JSON.stringify(preview.changeSummary)}, expected ${count} unchanged:\n${preview.stdout}`);
    }
    this.expectNothingSent("preview after upgrade");
  }

  /**
   * `pulumi refresh`: reads only, and the state it writes keeps every output the recorded state
   * had, with the same value (the API holds what it held). A renamed or dropped output key, or
   * one whose value the new read maps differently, fails here.
   */
  async expectStableRefresh(recorded: Deployment): Promise<void> {
    const f = this.fixture;
    await step(f, "refresh", () => this.stack.refresh());
    this.expectNothingSent("refresh");
    const after = new Map(resourcesOf(await this.state()).map((r) => [r.urn, r]));
    for (const old of resourcesOf(recorded).filter(isProfile)) {
      const now = after.get(old.urn);
      if (!now) throw new Error(`${f.id}: refresh dropped ${nameOf(old)} from state`);
      for (const [key, value] of Object.entries(old.outputs ?? {})) {
        if (key === "__provider") continue;
        if (JSON.stringify(now.outputs?.[key]) !== JSON.stringify(value)) {
          throw new Error(`${f.id}: refresh changed output ${nameOf(old)}.${key} from ${shown(value)} to ${shown(now.outputs?.[key])}: migrate old state (provider/engine/stateMigrations.ts)`);
        }
      }
    }
    await step(f, "preview --refresh --expect-no-changes", () => this.stack.preview({ refresh: true, expectNoChanges: true }));
  }

  /**
   * `pulumi destroy` with the provider serialized by the old release (as every user's first
   * destroy after an upgrade runs): each profile is deleted, restored or forgotten as its
   * recorded options say.
   */
  async expectDestroyAsRecorded(recorded: Deployment): Promise<void> {
    const f = this.fixture;
    this.sandbox.clearLogs();
    await step(f, "destroy", () => this.stack.destroy());
    const sent = changesSent(this.sandbox);
    const resources = resourcesOf(recorded);
    const accounted = new Set<SentChange>();
    for (const resource of resources.filter(isProfile)) {
      const state = resource.outputs ?? {};
      const mine = changesFor(resource, resources, sent);
      mine.forEach((change) => accounted.add(change));
      const label = `${f.id}: destroy of ${nameOf(resource)}`;
      if (state.created || state.deleteOnDestroy) {
        if (mine.length !== 1 || mine[0]!.kind !== "delete") throw new Error(`${label} should delete it, sent ${described(mine)}`);
      } else if (state.restoreOnDelete) {
        const current = flatten(state);
        const expected = asText(Object.fromEntries(Object.entries(flatten((state.originals ?? {}) as Record<string, unknown>)).filter(([path, value]) => path in current && current[path] !== value)));
        if (Object.keys(expected).length === 0) throw new Error(`${label}: the fixture changed nothing, so restoring proves nothing`);
        const written = mine.length === 1 && mine[0]!.kind === "write" ? mine[0]!.fields : undefined;
        const missing = Object.entries(expected).filter(([path, value]) => written?.[path] !== value);
        if (!written || missing.length > 0) throw new Error(`${label} should write back ${shown(expected)}, sent ${described(mine)}`);
      } else if (mine.length > 0) {
        throw new Error(`${label} should only forget it, sent ${described(mine)}`);
      }
    }
    const stray = sent.filter((change) => !accounted.has(change));
    if (stray.length > 0) throw new Error(`${f.id}: destroy sent changes no profile accounts for: ${described(stray)}`);
  }

  /**
   * One input changed: `up` updates that profile alone (no replace) with one write carrying
   * exactly that field (and what the API demands on every write), and the stack outputs the
   * program reads from the profiles are what they were (a renamed output key shows here).
   */
  async expectOneFieldChange(recorded: Deployment): Promise<void> {
    const f = this.fixture;
    const change = f.manifest.change;
    this.stack.workspace.program = programFrom(f.manifest.program, installedSdk(), change);
    const count = resourcesOf(recorded).filter(isProfile).length;
    const up = await step(f, "up with a one-field change", () => this.stack.up());
    if (JSON.stringify(up.summary.resourceChanges) !== JSON.stringify({ same: count, update: 1 })) {
      throw new Error(`${f.id}: a one-field change made ${JSON.stringify(up.summary.resourceChanges)}, expected one update:\n${up.stdout}`);
    }
    const sent = changesSent(this.sandbox);
    const target = resourcesOf(recorded).find((r) => isProfile(r) && nameOf(r) === change.resource);
    if (!target) throw new Error(`${f.id}: fixture.json changes ${change.resource}, which the stack does not hold`);
    const expected = asText(resolveSecrets(change.writes, await this.secrets()));
    const writes = changesFor(target, resourcesOf(recorded), sent);
    if (sent.length !== 1 || writes.length !== 1 || writes[0]!.kind !== "write" || JSON.stringify(sortKeys(writes[0]!.fields)) !== JSON.stringify(sortKeys(expected))) {
      // Values are not printed: the expected write can hold a secret.
      throw new Error(`${f.id}: the one-field change should send one write with fields ${Object.keys(expected).sort().join(", ")}; sent ${described(sent)}${writes.length === 1 ? ` (values differ in ${Object.keys(expected).filter((k) => writes[0]!.fields[k] !== expected[k]).join(", ")})` : ""}`);
    }
    const stackOutputs = (deployment: Deployment) => resourcesOf(deployment).find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
    const before = stackOutputs(recorded);
    const after = stackOutputs(await this.state());
    for (const [name, value] of Object.entries(before)) {
      if (JSON.stringify(after[name]) !== JSON.stringify(value)) throw new Error(`${f.id}: stack output ${name} was ${shown(value)} and is ${shown(after[name])} after an update with the new code`);
    }
  }

  private expectNothingSent(when: string): void {
    const sent = changesSent(this.sandbox);
    if (sent.length > 0) throw new Error(`${this.fixture.id}: ${when} sent changes to the API: ${described(sent)}`);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sortKeys = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
