import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { hangDeadline, summaryFromEvents } from "./commandGuards";
import { waitForMonitorOnFirstCalls } from "./inlineProgramGrpc";

/** The checkout this runs from, whether as TypeScript (tests) or compiled under dist/ (demo). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "pulumi-profiles") return dir;
  }
  throw new Error(`no pulumi-profiles checkout above ${from}`);
}

export const repoRoot = findRepoRoot(__dirname);

let cliPath: string | undefined;

/** The CLI from scripts/pulumi-cli/ensure.sh (built once and cached), first on PATH for its launcher. */
export function pulumiBin(): string {
  cliPath ??= execFileSync("bash", [join(repoRoot, "scripts/pulumi-cli/ensure.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  if (!process.env.PATH?.startsWith(cliPath)) process.env.PATH = `${cliPath}:${process.env.PATH}`;
  return cliPath;
}

/**
 * A Pulumi project directory as a user would have it: node_modules holding @pulumi/pulumi and
 * pulumi-profiles (links to this checkout, so the dynamic-provider process loads the built
 * engine from dist/ exactly as an installed package would be loaded).
 */
export function makeProgramDir(prefix = "pulumi-profiles-e2e-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoRoot, "node_modules/@pulumi"), join(dir, "node_modules/@pulumi"), "dir");
  symlinkSync(repoRoot, join(dir, "node_modules/pulumi-profiles"), "dir");
  mkdirSync(join(dir, "state"));
  mkdirSync(join(dir, "home"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StackOptions {
  programDir: string;
  stackName: string;
  projectName?: string;
  program: PulumiFn;
  /** Environment for the CLI and, through it, the dynamic provider. */
  env?: Record<string, string>;
  /** Stack config; values marked secret are encrypted with the passphrase provider. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** A command running longer is taken as hung: stopped, the stack unlocked, HungCommandError thrown (commandGuards.ts). */
  deadlineMs?: number;
}

/** Far above any command here (the slowest take a minute on a loaded machine), far below jest's timeouts. */
const DEFAULT_DEADLINE_MS = 300_000;

let pulumiCommand: Promise<PulumiCommand> | undefined;

/** Encrypts the throwaway stacks' secrets; stacks live in a temp dir and are deleted after. */
export const PASSPHRASE = "pulumi-profiles-local-passphrase";

/**
 * The CLI's environment for a throwaway local setup under `root`: its own PULUMI_HOME, no update
 * checks, no plugin downloads (the bundled plugins sit next to the built CLI, first on PATH).
 */
export function offlineCliEnv(root: string): Record<string, string> {
  const home = join(root, "home");
  mkdirSync(home, { recursive: true });
  return {
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SUPPRESS_NEO_LINK: "true",
    PATH: `${pulumiBin()}:${process.env.PATH}`,
  };
}

/** offlineCliEnv plus a file backend under `root` and the passphrase secrets provider. */
export function localBackendEnv(root: string): Record<string, string> {
  const state = join(root, "state");
  mkdirSync(state, { recursive: true });
  return { ...offlineCliEnv(root), PULUMI_BACKEND_URL: `file://${state}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };
}

/** One inline-program stack on a local file backend: offline, no update checks, no plugin downloads. */
export async function createStack(options: StackOptions): Promise<Stack> {
  waitForMonitorOnFirstCalls();
  const bin = pulumiBin();
  // One version check per process, not one per stack.
  pulumiCommand ??= PulumiCommand.get({ root: resolve(bin, ".."), skipVersionCheck: false });
  const envVars = { ...localBackendEnv(options.programDir), ...options.env };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: options.projectName ?? "pulumi-profiles-e2e", program: options.program },
    {
      workDir: options.programDir,
      pulumiCommand: await pulumiCommand,
      envVars,
      projectSettings: { name: options.projectName ?? "pulumi-profiles-e2e", runtime: "nodejs", main: options.programDir, backend: { url: envVars.PULUMI_BACKEND_URL } },
      secretsProvider: "passphrase",
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  summaryFromEvents(stack);
  hangDeadline(stack, options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  return stack;
}

/**
 * `pulumi stack export` as a user runs it, without --show-secrets (the Automation API's
 * exportStack() decrypts secrets, which would hide a leak).
 */
export async function exportStackEncrypted(stack: Stack): Promise<string> {
  return execFileSync(stack.workspace.pulumiCommand.command, ["stack", "export", "--stack", stack.name], {
    cwd: stack.workspace.workDir,
    env: { ...process.env, ...stack.workspace.envVars },
    encoding: "utf8",
  });
}
