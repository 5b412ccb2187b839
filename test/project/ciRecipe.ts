import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve as resolvePath } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { type CommandResult, runCommand } from "./projectWorkspace";

/**
 * The parts of a GitHub Actions workflow the recipes in examples/ci use, read from the file
 * itself so the tests run exactly what users copy. Anything this reader does not understand
 * (another expression, a shell or directory of its own) is an error, never silently skipped.
 */
const Env = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional();

const Permissions = z.record(z.string(), z.enum(["read", "write", "none"])).optional();

const Step = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  uses: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  run: z.string().optional(),
  env: Env,
  if: z.never({ error: "a step's own condition is not supported here" }).optional(),
  "continue-on-error": z.never({ error: "continue-on-error is not supported here" }).optional(),
  shell: z.literal("bash", { error: "a step's own shell other than bash is not supported here" }).optional(),
  "working-directory": z.never({ error: "a step's own working-directory is not supported here" }).optional(),
});

const Concurrency = z.union([z.string(), z.looseObject({ group: z.string() })]).optional();

/** A matrix of one or more keys, each a list or an expression giving one; every leg runs at once, none cancels the others. */
const Strategy = z
  .strictObject({
    "fail-fast": z.literal(false, { error: "a matrix other than fail-fast: false is not emulated here" }),
    matrix: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  })
  .optional();

const Job = z.looseObject({
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  strategy: Strategy,
  outputs: z.record(z.string(), z.string()).optional(),
  permissions: Permissions,
  env: Env,
  concurrency: Concurrency,
  steps: z.array(Step),
});

const Workflow = z.looseObject({ on: z.record(z.string(), z.unknown()), permissions: Permissions, env: Env, concurrency: Concurrency, jobs: z.record(z.string(), Job) });

type Workflow = z.infer<typeof Workflow>;
type Job = z.infer<typeof Job>;

/** Values the workflow's `${{ secrets.X }}`, `${{ vars.X }}` and `${{ github.token|repository }}` stand for. */
export interface WorkflowContext {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  github?: { token: string; repository: string };
}

/** Outputs of the steps of one job that ran so far, by step id (`$GITHUB_OUTPUT`). */
type StepOutputs = Map<string, Record<string, string>>;

/** What an expression can see where it stands: the store, and per job its leg, its steps, the jobs it needs, its runner. */
interface Scope {
  context: WorkflowContext;
  steps?: StepOutputs;
  matrix?: Record<string, string>;
  needs?: Record<string, Record<string, string>>;
  runnerTemp?: string;
}

export function readWorkflow(path: string): Workflow {
  return Workflow.parse(parse(readFileSync(path, "utf8")));
}

/** One expression (the text inside `${{ }}`), of the few kinds the recipes use. */
function evaluate(expression: string, scope: Scope): unknown {
  const fromJson = expression.match(/^fromJSON\((.*)\)$/);
  if (fromJson) return JSON.parse(String(evaluate(fromJson[1]!.trim(), scope)));
  const store = expression.match(/^(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)$/);
  if (store) {
    const resolved = scope.context[store[1] as "secrets" | "vars"][store[2]!];
    if (resolved === undefined) throw new Error(`the test gives no value for ${expression}`);
    return resolved;
  }
  const github = expression.match(/^github\.(token|repository)$/);
  if (github) {
    if (!scope.context.github) throw new Error(`the test gives no value for ${expression}`);
    return scope.context.github[github[1] as "token" | "repository"];
  }
  const output = expression.match(/^(steps|needs)\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)$/);
  if (output) {
    const [, kind, from, name] = output as unknown as [string, "steps" | "needs", string, string];
    const outputs = kind === "steps" ? scope.steps?.get(from) : scope.needs?.[from];
    if (!outputs) throw new Error(`${expression}: no ${kind === "steps" ? "step with id" : "needed job"} ${from} ran before this`);
    // As on GitHub: an output nobody set is the empty string.
    return outputs[name] ?? "";
  }
  const matrix = expression.match(/^matrix\.([A-Za-z_][\w-]*)$/);
  if (matrix) {
    const value = scope.matrix?.[matrix[1]!];
    if (value === undefined) throw new Error(`${expression}: not in a matrix leg that has it`);
    return value;
  }
  if (expression === "runner.temp" && scope.runnerTemp !== undefined) return scope.runnerTemp;
  throw new Error(`unsupported expression in workflow: ${expression}`);
}

/** A value as the runner sees it: `${{ … }}` alone gives the expression's value, within text its string. */
function resolveValue(value: string, scope: Scope): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_whole, expression: string) => String(evaluate(expression, scope)));
}

function resolveEnv(env: Record<string, string> | undefined, scope: Scope): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, resolveValue(value, scope)]));
}

/**
 * A job's condition: `github.event_name == 'x'` terms joined with `||`, the only ones the recipes
 * need, optionally behind `!cancelled() &&` (the job runs even when a job it needs failed).
 */
function jobCondition(condition: string | undefined, event: string): { runs: boolean; afterFailure: boolean } {
  if (condition === undefined) return { runs: true, afterFailure: false };
  const bare = condition.match(/^\$\{\{\s*(.*?)\s*\}\}$/)?.[1] ?? condition;
  const afterFailure = bare.match(/^!cancelled\(\)\s*&&\s*\((.*)\)$/)?.[1];
  const terms = afterFailure ?? bare;
  const runs = terms.split("||").some((part) => {
    const match = part.trim().match(/^github\.event_name\s*(==|!=)\s*'([a-z_]+)'$/);
    if (!match) throw new Error(`unsupported job condition: ${condition}`);
    return match[1] === "==" ? event === match[2] : event !== match[2];
  });
  return { runs, afterFailure: afterFailure !== undefined };
}

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : typeof job.needs === "string" ? [job.needs] : job.needs);

/** Every job's `run:` commands, by job name. */
export function commandsByJob(workflow: Workflow): Record<string, string[]> {
  return Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]))]));
}

/** GitLab keys that are settings, not jobs. */
const GITLAB_GLOBALS = new Set(["default", "include", "stages", "variables", "workflow"]);

const GitlabJob = z.looseObject({ script: z.array(z.string()).optional() });

/** Every GitLab job's `script:` commands, by job name (hidden `.templates` are not jobs). */
export function gitlabScriptsByJob(path: string): Record<string, string[]> {
  const file = z.record(z.string(), z.unknown()).parse(parse(readFileSync(path, "utf8")));
  return Object.fromEntries(
    Object.entries(file)
      .filter(([name]) => !name.startsWith(".") && !GITLAB_GLOBALS.has(name))
      .map(([name, job]) => [name, GitlabJob.parse(job).script ?? []]),
  );
}

/** One job as it ran: a matrix job once per leg. */
export interface JobRun {
  job: string;
  /** The leg's matrix values; absent for a job without a matrix. */
  matrix?: Record<string, string>;
  /** The job's concurrency group, as resolved for this leg. */
  concurrency?: string;
  status: "success" | "failure" | "skipped";
  /** Every `run:` step reached, including the ones skipped on request, with when it ran (ms since the epoch). */
  steps: Array<{ command: string; started: number; ended: number }>;
  failed?: CommandResult;
  summary: string;
  annotations: string[];
  /** What its steps wrote to `$GITHUB_OUTPUT`, by step id. */
  outputs: Record<string, Record<string, string>>;
}

/** A workflow run: every job's commands, in order, the first failing one's result, if any, what they wrote to the job summaries, and their annotations (`::warning …::`). */
export interface WorkflowRun {
  /** Every command reached, including the ones skipped on request, job after job in file order. */
  commands: string[];
  failed?: CommandResult;
  summary: string;
  annotations: string[];
  jobs: JobRun[];
}

/** `$GITHUB_OUTPUT` as `name=value` lines (the recipe writes no multi-line `name<<EOF` blocks, so they are refused). */
function parseStepOutputs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const match = line.match(/^([A-Za-z_][\w-]*)=(.*)$/);
        if (!match) throw new Error(`$GITHUB_OUTPUT: unsupported line ${JSON.stringify(line)}`);
        return [match[1]!, match[2]!];
      }),
  );
}

/**
 * `skip`: commands (whole steps or script lines, exactly as written) not to run, such as an
 * `npm ci` that an earlier run already made in the same directory from the same lock file.
 */
export interface RecipeRunOptions {
  skip?: string[];
}

let runNumber = 0;

/**
 * The command GitHub's runner starts for a `run:` step on Linux, for the step's script in a file
 * (docs.github.com, workflow syntax, `jobs.<job_id>.steps[*].shell`): without `shell:`,
 * `bash -e {0}` (no pipefail); with `shell: bash`, `bash --noprofile --norc -eo pipefail {0}`.
 */
function githubShell(shell: "bash" | undefined, scriptFile: string): string[] {
  return shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", scriptFile] : ["-e", scriptFile];
}

/** What every job of one run shares: its number, its artifacts, the runner's machine. */
interface RunShared {
  workflow: Workflow;
  event: string;
  context: WorkflowContext;
  dir: string;
  runnerEnv: NodeJS.ProcessEnv;
  options: RecipeRunOptions;
  runId: string;
  /** actions/upload-artifact's store: one directory per artifact name. */
  artifacts: string;
  /** The leg running in each concurrency group, which the next one of the group waits for. */
  groups: Map<string, Promise<unknown>>;
}

/**
 * actions/upload-artifact and actions/download-artifact, as far as the recipes use them: one file
 * uploaded under a name (`if-no-files-found: error` fails the step when it is missing), and every
 * artifact whose name matches a `pattern` downloaded into `path` (`merge-multiple: true`: all in
 * that one directory). Any other action is the test machine's business (Node, the Pulumi CLI, a
 * checkout are there already).
 */
function runAction(uses: string, given: Record<string, string>, shared: RunShared, cwd: string): CommandResult | undefined {
  const action = uses.replace(/@.*$/, "");
  if (action === "actions/upload-artifact") {
    const source = resolvePath(cwd, given.path!);
    if (!existsSync(source)) {
      if (given["if-no-files-found"] === "error") return { code: 1, stdout: "", stderr: `upload-artifact: no file at ${given.path}` };
      return undefined;
    }
    const into = join(shared.artifacts, given.name!);
    if (existsSync(into)) return { code: 1, stdout: "", stderr: `upload-artifact: an artifact named ${given.name} exists already in this run` };
    mkdirSync(into, { recursive: true });
    cpSync(source, join(into, basename(source)));
    return undefined;
  }
  if (action === "actions/download-artifact") {
    if (given["merge-multiple"] !== "true") throw new Error("download-artifact without merge-multiple: true is not emulated here");
    const pattern = new RegExp(`^${given.pattern!.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    const into = resolvePath(cwd, given.path!);
    mkdirSync(into, { recursive: true });
    for (const name of readdirSync(shared.artifacts).filter((n) => pattern.test(n))) cpSync(join(shared.artifacts, name), into, { recursive: true });
    return undefined;
  }
  return undefined;
}

/** Every combination of a matrix's values, as legs; `[undefined]` for a job without one. */
function legsOf(job: Job, scope: Scope): Array<Record<string, string> | undefined> {
  if (!job.strategy) return [undefined];
  return Object.entries(job.strategy.matrix).reduce<Array<Record<string, string>>>((legs, [key, values]) => {
    const list = typeof values === "string" ? evaluate(values.match(/^\$\{\{\s*(.*?)\s*\}\}$/)?.[1] ?? values, scope) : values;
    if (!Array.isArray(list) || list.length === 0) throw new Error(`matrix ${key}: expected a non-empty list, got ${JSON.stringify(list)}`);
    return legs.flatMap((leg) => list.map((value) => ({ ...leg, [key]: String(value) })));
  }, [{}]);
}

/** One leg of a job, as a runner runs it: a fresh `$RUNNER_TEMP`, its steps in order, stopping at the first that fails. */
async function runLeg(name: string, job: Job, matrix: Record<string, string> | undefined, needs: Record<string, Record<string, string>>, shared: RunShared): Promise<{ run: JobRun; outputs: Record<string, string> }> {
  const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
  const steps: StepOutputs = new Map();
  const scope: Scope = { context: shared.context, steps, needs, runnerTemp: temp, ...(matrix ? { matrix } : {}) };
  const group = job.concurrency === undefined ? undefined : resolveValue(typeof job.concurrency === "string" ? job.concurrency : job.concurrency.group, scope);
  const run: JobRun = { job: name, ...(matrix ? { matrix } : {}), ...(group !== undefined ? { concurrency: group } : {}), status: "success", steps: [], summary: "", annotations: [], outputs: {} };
  const defaults = {
    RUNNER_TEMP: temp,
    GITHUB_EVENT_NAME: shared.event,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: shared.context.github?.repository ?? "",
    GITHUB_RUN_ID: shared.runId,
    GITHUB_JOB: name,
  };
  // A concurrency group runs one leg at a time: the next waits for the one before it.
  const before = group === undefined ? undefined : shared.groups.get(group);
  const legRun = (async () => {
    await before;
    try {
      for (const [index, step] of job.steps.entries()) {
        if (step.run?.includes("${{")) throw new Error(`unsupported expression in job ${name}: ${step.run}`);
        const command = step.run ?? step.uses;
        if (command === undefined) continue;
        const started = Date.now();
        if (step.run !== undefined) run.steps.push({ command, started, ended: started });
        if (shared.options.skip?.includes(command)) continue;
        let result: CommandResult | undefined;
        if (step.run === undefined) {
          result = runAction(step.uses!, Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, resolveValue(String(value), scope)])), shared, shared.dir);
        } else {
          const files = { GITHUB_OUTPUT: join(temp, `output-${index}`), GITHUB_STEP_SUMMARY: join(temp, `summary-${index}`) };
          for (const file of Object.values(files)) writeFileSync(file, "");
          const env = { ...shared.runnerEnv, ...defaults, ...files, ...resolveEnv({ ...shared.workflow.env, ...job.env, ...step.env }, scope) };
          const scriptFile = join(temp, `step-${index}.sh`);
          writeFileSync(scriptFile, step.run);
          result = await runCommand("bash", githubShell(step.shell, scriptFile), { cwd: shared.dir, env });
          run.steps.at(-1)!.ended = Date.now();
          run.summary += readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
          run.annotations.push(...result.stdout.split("\n").filter((line) => /^::(warning|error|notice)[ :]/.test(line)));
          if (step.id !== undefined) steps.set(step.id, (run.outputs[step.id] = parseStepOutputs(readFileSync(files.GITHUB_OUTPUT, "utf8"))));
        }
        if (result && result.code !== 0) {
          run.status = "failure";
          run.failed = result;
          return { run, outputs: {} };
        }
      }
      return { run, outputs: resolveEnv(job.outputs, scope) };
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  })();
  if (group !== undefined) shared.groups.set(group, legRun.catch(() => undefined));
  return legRun;
}

/**
 * Runs the jobs an event triggers in `dir`, as GitHub runs them on Linux runners: each job once
 * its `needs` are done (and succeeded, unless its condition starts with `!cancelled() &&`), the
 * legs of a matrix at the same time, each leg on a runner of its own (a fresh `$RUNNER_TEMP`, per
 * step a `$GITHUB_OUTPUT`, read back for `steps.<id>.outputs`, and a `$GITHUB_STEP_SUMMARY`,
 * joined into the run's summary, the default `GITHUB_*` variables), over the runner's environment.
 * All legs share `dir` as their checkout. Jobs' `outputs` feed `needs.<job>.outputs`; artifacts
 * pass between jobs as runAction says; legs of one concurrency group run one after the other.
 */
export async function runWorkflow(workflowPath: string, event: string, context: WorkflowContext, dir: string, runnerEnv: NodeJS.ProcessEnv, options: RecipeRunOptions = {}): Promise<WorkflowRun> {
  const workflow = readWorkflow(workflowPath);
  if (!(event in workflow.on)) throw new Error(`the workflow is not triggered by ${event}`);
  const artifacts = mkdtempSync(join(tmpdir(), "workflow-artifacts-"));
  const shared: RunShared = { workflow, event, context, dir, runnerEnv, options, runId: String(++runNumber), artifacts, groups: new Map() };
  const finished = new Map<string, Promise<{ status: JobRun["status"]; outputs: Record<string, string>; legs: JobRun[] }>>();
  const start = (name: string): Promise<{ status: JobRun["status"]; outputs: Record<string, string>; legs: JobRun[] }> => {
    let running = finished.get(name);
    if (running) return running;
    const job = workflow.jobs[name];
    if (!job) throw new Error(`a job needs ${name}, which the workflow does not have`);
    running = (async () => {
      const needed = await Promise.all(needsOf(job).map(async (need) => [need, await start(need)] as const));
      const condition = jobCondition(job.if, event);
      const ready = needed.every(([, n]) => n.status === "success" || (condition.afterFailure && n.status !== "skipped"));
      if (!condition.runs || !ready) return { status: "skipped" as const, outputs: {}, legs: [] };
      const needs = Object.fromEntries(needed.map(([need, n]) => [need, n.outputs]));
      const legs = await Promise.all(legsOf(job, { context, needs }).map((matrix) => runLeg(name, job, matrix, needs, shared)));
      const status = legs.some((l) => l.run.status === "failure") ? ("failure" as const) : ("success" as const);
      return { status, outputs: Object.assign({}, ...legs.map((l) => l.outputs)) as Record<string, string>, legs: legs.map((l) => l.run) };
    })();
    finished.set(name, running);
    return running;
  };
  try {
    const jobs = (await Promise.all(Object.keys(workflow.jobs).map(start))).flatMap((j) => j.legs);
    const failed = jobs.find((j) => j.failed)?.failed;
    return {
      commands: jobs.flatMap((j) => j.steps.map((s) => s.command)),
      ...(failed ? { failed } : {}),
      summary: jobs.map((j) => j.summary).join(""),
      annotations: jobs.flatMap((j) => j.annotations),
      jobs,
    };
  } finally {
    rmSync(artifacts, { recursive: true, force: true });
  }
}

/**
 * What GitLab Runner's bash shell wraps a job's script in (gitlab-runner, shells/bash.go,
 * `BashWriter.Finish`): errexit, pipefail only where the shell has it (bash does; a plain
 * `sh` may not), noclobber off, and every script line in one `eval`, its stdin empty.
 */
const GITLAB_BASH_PRELUDE = 'if set -o | grep pipefail > /dev/null; then set -o pipefail; fi; set -o errexit\nset +o noclobber\n: | eval "$1"\nexit 0\n';

/**
 * Runs one GitLab job's `script:` lines in `dir` as the runner's bash shell does: one shell
 * session (variables and functions carry from line to line) under GITLAB_BASH_PRELUDE. Its
 * `before_script` (installing the Pulumi CLI) is the test machine's business.
 */
export function runGitlabJob(path: string, job: string, dir: string, env: NodeJS.ProcessEnv, options: RecipeRunOptions = {}): Promise<CommandResult> {
  const script = gitlabScriptsByJob(path)[job];
  if (!script) throw new Error(`${path} has no job ${job}`);
  const lines = script.filter((line) => !options.skip?.includes(line));
  return runCommand("bash", ["-c", GITLAB_BASH_PRELUDE, "gitlab-job-script", lines.join("\n")], { cwd: dir, env });
}
