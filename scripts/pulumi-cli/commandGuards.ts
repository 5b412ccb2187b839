import { readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
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
 *   every later test of the file. The guard interrupts the CLI, kills what is left of it, unlocks
 *   the stack and throws HungCommandError, carrying the tail of the output and the last engine
 *   events, so a caller that can start over (the matrices) does and the cause stays on record.
 */

const VERBS = ["up", "preview", "refresh", "destroy"] as const;
type Verb = (typeof VERBS)[number];
type Options = { onEvent?: (event: EngineEvent) => void; onOutput?: (out: string) => void; signal?: AbortSignal } & Record<string, unknown>;
type Run = (options?: Options) => Promise<unknown>;

/** A command that ran past its deadline; `output` and `events` are what it showed before. */
export class HungCommandError extends Error {
  constructor(
    readonly stackName: string,
    readonly verb: Verb,
    readonly deadlineMs: number,
    readonly output: string,
    readonly events: string[],
  ) {
    super(`pulumi ${verb} on stack ${stackName} ran past ${deadlineMs / 1000} s and was stopped (taken as hung). Last events: ${events.join(" | ") || "none"}. Output tail: ${output.slice(-1500)}`);
    this.name = "HungCommandError";
  }
}

/** How long an interrupted CLI gets to stop on its own before it and its plugins are killed. */
const GRACE_MS = 20_000;
const OUTPUT_TAIL = 4_000;
const EVENTS_KEPT = 8;

/** A short line per engine event, for the record of a hang. */
function describe(event: EngineEvent): string | undefined {
  const urnName = (urn?: string) => urn?.split("::").pop() ?? "";
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
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
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
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("--stack");
      if (at >= 0 && args[at + 1] === stack.name && readlinkSync(`/proc/${entry}/cwd`) === stack.workspace.workDir) found.push(Number(entry));
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return found;
}

/** Kills a stuck command's CLI and its plugins, then removes the stack's lock from the file backend. */
function killAndUnlock(stack: Stack): void {
  for (const pid of cliProcesses(stack)) {
    for (const victim of [pid, ...descendants(pid)]) {
      try {
        process.kill(victim, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
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
          options.onEvent?.(event);
        },
      };
      const running = run(guarded);
      if (await settleWithin(running, deadlineMs)) return running;
      controller.abort();
      if (!(await settleWithin(running, GRACE_MS))) killAndUnlock(stack);
      // Killed, the CLI ends at once; its promise's rejection is the hang, reported below.
      await settleWithin(running, GRACE_MS);
      throw new HungCommandError(stack.name, verb, deadlineMs, output, events);
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
