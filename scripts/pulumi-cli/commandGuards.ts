import { readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, Stack, SummaryEvent, UpdateSummary } from "@pulumi/pulumi/automation";

/**
 * What the Automation API runs around each command of a stack, trimmed or bounded for throwaway
 * test and demo stacks. Two guards, both installed by createStack (localStack.ts):
 *
 * - summaryFromEvents: after `up`, `refresh` and `destroy` the Automation API runs three more CLI
 *   commands (`stack output --json` twice and `stack history`) to fill in the result's outputs and
 *   summary. Those took 1.6 s of a 3.7 s `up` here; the summary is the engine's own summary event
 *   of the same command, so the result carries that instead, and no caller reads outputs.
 * - hangDeadline: a command that runs past the deadline is taken as hung. Inline programs have
 *   lost their gRPC connection under load before (inlineProgramGrpc.ts), and a command waiting on
 *   one never ends: jest's test timeout then left the CLI running and the stack locked, failing
 *   every later test of the file. The guard interrupts the CLI, kills what is left of it, and once
 *   the command has ended unlocks the stack and throws HungCommandError, carrying the tail of the
 *   output, the last engine events and the resource steps still running. A hang inside a step
 *   (the provider's) is a defect of ours and never started over; one with no step running is the
 *   engine waiting on the program, and a caller that can start over (the matrices) may, once
 *   they say so with acknowledgeHang. Every other hang fails the test that met it, even one
 *   expecting the command to fail (test/support/failOnHang.ts).
 */

const VERBS = ["up", "preview", "refresh", "destroy"] as const;
type Verb = (typeof VERBS)[number];
type Options = { onEvent?: (event: EngineEvent) => void; onOutput?: (out: string) => void; signal?: AbortSignal } & Record<string, unknown>;
type Run = (options?: Options) => Promise<unknown>;

/** A command that ran past its deadline; `output` and `events` are what it showed before, `stepsRunning` the resource steps it never finished. */
export class HungCommandError extends Error {
  constructor(
    readonly stackName: string,
    readonly verb: Verb,
    readonly deadlineMs: number,
    readonly output: string,
    readonly events: string[],
    readonly stepsRunning: string[],
  ) {
    super(
      `pulumi ${verb} on stack ${stackName} ran past ${deadlineMs / 1000} s and was stopped (taken as hung). ` +
        `Steps still running: ${stepsRunning.join(", ") || "none (the engine was waiting on the program)"}. Last events: ${events.join(" | ") || "none"}. Output tail: ${output.slice(-1500)}`,
    );
    this.name = "HungCommandError";
  }

  /** Whether starting over could help: no step of ours was running, the engine waited on the program. */
  get retryable(): boolean {
    return this.stepsRunning.length === 0;
  }
}

const unacknowledged = new Set<HungCommandError>();

/** The hangs since the last call that no caller acknowledged; test/support/failOnHang.ts fails the test that met one. */
export function takeUnacknowledgedHangs(): HungCommandError[] {
  const hangs = [...unacknowledged];
  unacknowledged.clear();
  return hangs;
}

/** A caller that starts over after a retryable hang says so: that hang does not fail the test. */
export function acknowledgeHang(hang: HungCommandError): void {
  if (!hang.retryable) throw hang;
  unacknowledged.delete(hang);
}

/** How long an interrupted CLI gets to stop on its own before it and its plugins are killed. */
const GRACE_MS = 20_000;
const OUTPUT_TAIL = 4_000;
const EVENTS_KEPT = 8;

/** A resource's name, the last part of its URN. */
const urnName = (urn?: string) => urn?.split("::").pop() ?? "";

/** A short line per engine event, for the record of a hang. */
function describe(event: EngineEvent): string | undefined {
  if (event.resourcePreEvent) return `pre ${event.resourcePreEvent.metadata.op} ${urnName(event.resourcePreEvent.metadata.urn)}`;
  if (event.resOutputsEvent) return `done ${event.resOutputsEvent.metadata.op} ${urnName(event.resOutputsEvent.metadata.urn)}`;
  if (event.resOpFailedEvent) return `failed ${urnName(event.resOpFailedEvent.metadata.urn)}`;
  if (event.diagnosticEvent) return `${event.diagnosticEvent.severity} ${urnName(event.diagnosticEvent.urn)}`;
  if (event.summaryEvent) return "summary";
  if (event.preludeEvent) return "prelude";
  return undefined;
}

/** Every process below `pid` (its plugins and language hosts), read from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of procEntries()) {
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  const found: number[] = [];
  for (const queue = [pid]; queue.length > 0; ) for (const child of children.get(queue.shift()!) ?? []) found.push(child), queue.push(child);
  return found;
}

/** The CLI processes running a command of this stack in this directory (`--stack <name>` in their arguments). */
function cliProcesses(stack: Stack): number[] {
  const found: number[] = [];
  // /proc shows the resolved directory (a temp dir may sit behind a symbolic link).
  const workDir = realpathSync(stack.workspace.workDir);
  for (const entry of procEntries()) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("--stack");
      if (at >= 0 && args[at + 1] === stack.name && readlinkSync(`/proc/${entry}/cwd`) === workDir) found.push(Number(entry));
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return found;
}

/** The processes /proc lists; none where there is no /proc (macOS), so nothing is killed there. */
const procEntries = () => safeList("/proc").filter((e) => /^\d+$/.test(e));

/** Kills a stuck command's CLI and its plugins. */
function kill(stack: Stack): void {
  for (const pid of cliProcesses(stack)) {
    for (const victim of [pid, ...descendants(pid)]) {
      try {
        process.kill(victim, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}

/** Removes the stack's lock from the file backend: only once its command has ended, so no CLI of it writes state any more. */
function unlock(stack: Stack): void {
  const backend = stack.workspace.envVars.PULUMI_BACKEND_URL;
  if (!backend?.startsWith("file://")) return;
  const locks = join(backend.slice("file://".length).split("?")[0]!, ".pulumi", "locks");
  for (const org of safeList(locks)) for (const project of safeList(join(locks, org))) rmSync(join(locks, org, project, stack.name), { recursive: true, force: true });
}

const safeList = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const settleWithin = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);

/** Bounds every command of the stack (see the module comment). */
export function hangDeadline(stack: Stack, deadlineMs: number): void {
  for (const verb of VERBS) {
    const run = (stack[verb] as Run).bind(stack);
    (stack as unknown as Record<Verb, Run>)[verb] = async (options: Options = {}) => {
      let output = "";
      const events: string[] = [];
      /** The resource steps started and not finished: URN → operation. */
      const running = new Map<string, string>();
      const controller = new AbortController();
      const guarded: Options = {
        ...options,
        signal: controller.signal,
        onOutput: (out) => {
          output = (output + out).slice(-OUTPUT_TAIL);
          options.onOutput?.(out);
        },
        onEvent: (event) => {
          const line = describe(event);
          if (line && events.push(line) > EVENTS_KEPT) events.shift();
          const pre = event.resourcePreEvent?.metadata;
          // The stack's own step lasts as long as the program runs: waiting on it is waiting on the program.
          if (pre && pre.type !== "pulumi:pulumi:Stack") running.set(pre.urn, pre.op);
          const done = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
          if (done) running.delete(done.urn);
          options.onEvent?.(event);
        },
      };
      const command = run(guarded);
      if (await settleWithin(command, deadlineMs)) return command;
      const stepsRunning = [...running].map(([urn, op]) => `${op} ${urnName(urn)}`);
      controller.abort();
      if (!(await settleWithin(command, GRACE_MS))) kill(stack);
      // Killed, the CLI ends at once. One that still runs may yet write state: the stack stays locked.
      if (!(await settleWithin(command, GRACE_MS))) throw new Error(`pulumi ${verb} on stack ${stack.name} hung and could not be stopped; the stack stays locked`);
      unlock(stack);
      const hang = new HungCommandError(stack.name, verb, deadlineMs, output, events, stepsRunning);
      unacknowledged.add(hang);
      throw hang;
    };
  }
}

/** The result's summary from the command's own summary event, without the CLI runs that fetch it again (see the module comment). */
export function summaryFromEvents(stack: Stack): void {
  let last: SummaryEvent | undefined;
  let verb: Verb | undefined;
  const kinds: Partial<Record<Verb, UpdateSummary["kind"]>> = { up: "update", refresh: "refresh", destroy: "destroy" };
  for (const which of ["up", "refresh", "destroy"] as const) {
    const run = (stack[which] as Run).bind(stack);
    (stack as unknown as Record<Verb, Run>)[which] = async (options: Options = {}) => {
      last = undefined;
      verb = which;
      try {
        return await run({
          ...options,
          onEvent: (event) => {
            if (event.summaryEvent) last = event.summaryEvent;
            options.onEvent?.(event);
          },
        });
      } finally {
        verb = undefined;
      }
    };
  }
  const outputs = stack.outputs.bind(stack);
  const info = stack.info.bind(stack);
  Object.assign(stack, {
    // Called by the Automation API after the command succeeded: the stack's outputs are unread here.
    outputs: async () => (verb ? {} : outputs()),
    info: async (showSecrets?: boolean): Promise<UpdateSummary | undefined> => {
      if (!verb) return info(showSecrets);
      const now = new Date();
      return { kind: kinds[verb]!, result: "succeeded", resourceChanges: last?.resourceChanges ?? {}, startTime: now, endTime: now, message: "", environment: {}, config: {}, version: 0 };
    },
  });
}
