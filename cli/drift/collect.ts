import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation/events";
import { OBSERVATIONS_ENV, OBSERVATIONS_KEY_ENV, Observation } from "../../provider/engine/driftObservations";

/** A resource of the stack's state, as `pulumi stack export` gives it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  /** The name the program gave it (its `__owner` input). */
  owner?: string;
  /** Its `account` input, as the last run recorded it. */
  account?: string;
}

/** An operation a killed run left unfinished in state. */
export interface PendingOperation {
  urn: string;
  type: string;
  operation: string;
}

/** Everything one preview with refresh told, before any of it is interpreted. */
export interface StackObservation {
  project: string;
  stack: string;
  readAt: string;
  /** The state as the last run left it, in state order. */
  resources: StateResource[];
  pendingOperations: PendingOperation[];
  /** What the preview would do, by URN (`same`, `update`, `create`, `delete`, `replace`, …) and the type of each. */
  steps: Array<{ urn: string; type: string; op: string }>;
  /**
   * The values the engine showed, by URN: state as last applied and as refreshed (outputs), and
   * the program's inputs. Secrets (the API's and any the user marked) arrive masked.
   */
  values: Record<string, ShownValues>;
  /** What the provider compared (driftObservations.ts), in the order it wrote them. */
  observations: Observation[];
}

export interface ShownValues {
  lastApplied?: Record<string, unknown>;
  live?: Record<string, unknown>;
  program?: Record<string, unknown>;
}

export class DriftCommandError extends Error {}

export interface CollectOptions {
  cwd: string;
  stack?: string | undefined;
  env: NodeJS.ProcessEnv;
  progress(line: string): void;
}

interface ExportedDeployment {
  deployment?: {
    resources?: Array<{ urn: string; type: string; id?: string; inputs?: Record<string, unknown> }>;
    pending_operations?: Array<{ resource?: { urn?: string; type?: string }; type?: string }>;
  };
}

/**
 * One `pulumi preview --refresh` of the project's own program, with the provider asked to record
 * what it compares, and alongside it `pulumi stack export` (pending operations and the resources
 * of the last run). Writes nothing: a preview never writes state or an API, an export only reads.
 *
 * The preview's engine events come from its `--event-log`, the stream Pulumi's Automation API
 * reads. The Automation API itself is not used: loading it and the CLI calls it makes before a
 * preview (version, stack list, stack select) take about two seconds, more than the report may
 * add to the preview of a 200-profile stack (bench/drift.ts).
 */
export async function collect(options: CollectOptions): Promise<StackObservation> {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-profiles-drift-"));
  const observationsFile = join(dir, "observations.jsonl");
  const eventLog = join(dir, "events.jsonl");
  // PULUMI_DEBUG_COMMANDS unlocks --event-log, as the Automation API sets it (automation/cmd.ts).
  const env = { ...options.env, [OBSERVATIONS_ENV]: observationsFile, [OBSERVATIONS_KEY_ENV]: randomBytes(32).toString("base64url"), PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DEBUG_COMMANDS: "true" };
  const stackArgs = options.stack ? ["--stack", options.stack] : [];
  try {
    options.progress(`reading every profile of ${options.stack ? `stack ${options.stack}` : "the selected stack"} (pulumi preview --refresh: reads only, writes nothing)…`);
    const readAt = new Date().toISOString();
    const [exported, previewed] = await Promise.all([
      run("pulumi", ["stack", "export", ...stackArgs], options.cwd, env, true),
      run("pulumi", ["preview", "--refresh", "--non-interactive", "--color", "never", "--event-log", eventLog, ...stackArgs], options.cwd, env, false),
    ]);
    const events = readJsonLines(eventLog) as EngineEvent[];
    if (previewed.code !== 0) {
      const said = events.flatMap((e) => (e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent.message.trim()] : [])).filter((m) => m !== "");
      throw new DriftCommandError(said.length > 0 ? said.join("\n") : lastLines(previewed.stderr));
    }
    if (exported.code !== 0) throw new DriftCommandError(lastLines(exported.stderr));
    const deployment = JSON.parse(exported.stdout) as ExportedDeployment;
    const steps: StackObservation["steps"] = [];
    const values: Record<string, ShownValues> = {};
    for (const event of events) {
      // A step's pre event says what the preview would do, and carries the program's inputs (new);
      // a refresh's outputs event has the state before (old) and as read (new).
      const step = event.resourcePreEvent?.metadata;
      if (step) steps.push({ urn: step.urn, type: step.type, op: step.op });
      if (step && step.op !== "refresh" && step.new?.inputs) (values[step.urn] ??= {}).program = step.new.inputs;
      const refreshed = event.resOutputsEvent?.metadata;
      if (refreshed?.op === "refresh") Object.assign((values[refreshed.urn] ??= {}), { lastApplied: refreshed.old?.outputs, live: refreshed.new?.outputs });
    }
    const named = stackOfUrn(steps[0]?.urn ?? deployment.deployment?.resources?.[0]?.urn);
    if (!named) throw new DriftCommandError("the preview named no resource: is this the project directory, with a stack selected (or --stack)?");
    return {
      ...named,
      readAt,
      resources: (deployment.deployment?.resources ?? []).map((r) => ({ urn: r.urn, type: r.type, ...(r.id ? { id: r.id } : {}), ...(typeof r.inputs?.__owner === "string" ? { owner: r.inputs.__owner } : {}), ...(typeof r.inputs?.account === "string" ? { account: r.inputs.account } : {}) })),
      pendingOperations: (deployment.deployment?.pending_operations ?? []).map((p) => ({ urn: p.resource?.urn ?? "", type: p.resource?.type ?? "", operation: p.type ?? "unknown" })),
      steps,
      values,
      observations: readJsonLines(observationsFile).map((line) => Observation.parse(line)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `urn:pulumi:<stack>::<project>::…` */
function stackOfUrn(urn: string | undefined): { stack: string; project: string } | undefined {
  const match = urn ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn) : null;
  return match ? { stack: match[1]!, project: match[2]! } : undefined;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI run; stdout kept only when asked (a preview's display is not needed, and can be large). */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, keepStdout: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", keepStdout ? "pipe" : "ignore", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new DriftCommandError(`could not run ${file}: ${error.message} (is the Pulumi CLI on PATH?)`)));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-5).join("\n");
}

function readJsonLines(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

