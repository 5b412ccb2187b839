import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { type CommandResult, runCommand } from "./projectWorkspace";

/**
 * The parts of a GitHub Actions workflow the recipe in examples/ci uses, read from the file
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

const Job = z.looseObject({ if: z.string().optional(), permissions: Permissions, env: Env, concurrency: Concurrency, steps: z.array(Step) });

const Workflow = z.looseObject({ on: z.record(z.string(), z.unknown()), permissions: Permissions, env: Env, concurrency: Concurrency, jobs: z.record(z.string(), Job) });

type Workflow = z.infer<typeof Workflow>;

/** One `run:` step as the runner executes it; its env is resolved when it runs (it may read earlier steps' outputs). */
export interface RunStep {
  job: string;
  id?: string;
  command: string;
  shell?: "bash";
  env: Record<string, string>;
}

/** Values the workflow's `${{ secrets.X }}`, `${{ vars.X }}` and `${{ github.token|repository }}` stand for. */
export interface WorkflowContext {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  github?: { token: string; repository: string };
}

/** Outputs of the steps of one job that ran so far, by step id (`$GITHUB_OUTPUT`). */
type StepOutputs = Map<string, Record<string, string>>;

export function readWorkflow(path: string): Workflow {
  return Workflow.parse(parse(readFileSync(path, "utf8")));
}

function resolveValue(value: string, context: WorkflowContext, outputs: StepOutputs): string {
  const expression = value.match(/^\$\{\{\s*([^}]*?)\s*\}\}$/)?.[1];
  if (expression === undefined) {
    if (value.includes("${{")) throw new Error(`unsupported expression in workflow env: ${value}`);
    return value;
  }
  const store = expression.match(/^(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)$/);
  if (store) {
    const resolved = context[store[1] as "secrets" | "vars"][store[2]!];
    if (resolved === undefined) throw new Error(`the test gives no value for ${expression}`);
    return resolved;
  }
  const github = expression.match(/^github\.(token|repository)$/);
  if (github) {
    if (!context.github) throw new Error(`the test gives no value for ${expression}`);
    return context.github[github[1] as "token" | "repository"];
  }
  const output = expression.match(/^steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)$/);
  if (output) {
    const step = outputs.get(output[1]!);
    if (!step) throw new Error(`${expression}: no step with id ${output[1]} ran before this one`);
    // As on GitHub: an output the step did not set is the empty string.
    return step[output[2]!] ?? "";
  }
  throw new Error(`unsupported expression in workflow env: ${value}`);
}

function resolveEnv(env: Record<string, string> | undefined, context: WorkflowContext, outputs: StepOutputs): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, resolveValue(value, context, outputs)]));
}

/** `github.event_name == 'x'` conditions joined with `||`: the only ones the recipe needs. */
function jobRunsOn(condition: string | undefined, event: string): boolean {
  if (condition === undefined) return true;
  return condition.split("||").some((part) => {
    const match = part.trim().match(/^github\.event_name\s*(==|!=)\s*'([a-z_]+)'$/);
    if (!match) throw new Error(`unsupported job condition: ${condition}`);
    return match[1] === "==" ? event === match[2] : event !== match[2];
  });
}

/** The jobs a given event starts, by name. */
function jobsFor(workflow: Workflow, event: string): Record<string, z.infer<typeof Job>> {
  if (!(event in workflow.on)) throw new Error(`the workflow is not triggered by ${event}`);
  return Object.fromEntries(Object.entries(workflow.jobs).filter(([, job]) => jobRunsOn(job.if, event)));
}

/** The `run:` steps a given event starts, in file order, with the env each one declares (workflow, job, step). */
export function runStepsFor(workflow: Workflow, event: string): RunStep[] {
  return Object.entries(jobsFor(workflow, event)).flatMap(([name, job]) =>
    job.steps.flatMap((step) => {
      if (step.run === undefined) return [];
      if (step.run.includes("${{")) throw new Error(`unsupported expression in job ${name}: ${step.run}`);
      return [{ job: name, id: step.id, command: step.run, shell: step.shell, env: { ...workflow.env, ...job.env, ...step.env } }];
    }),
  );
}

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

/** A workflow run: its commands, in order, the failing one's result, if any, what it wrote to the job summary, and its annotations (`::warning …::`). */
export interface WorkflowRun {
  /** Every command reached, including the ones skipped on request. */
  commands: string[];
  failed?: CommandResult;
  summary: string;
  annotations: string[];
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
function githubShell(shell: RunStep["shell"], scriptFile: string): string[] {
  return shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", scriptFile] : ["-e", scriptFile];
}

/**
 * Runs the `run:` steps an event triggers in `dir`, as GitHub's runner does on Linux (the step's
 * script in a file, run by bash as githubShell says), over the runner's environment; stops at the first
 * failing step. Each run gets what the runner provides: a fresh `$RUNNER_TEMP`, per step a
 * `$GITHUB_OUTPUT` (read back for `steps.<id>.outputs`) and a `$GITHUB_STEP_SUMMARY` (joined
 * into the job summary), and the default `GITHUB_*` variables.
 */
export async function runWorkflow(workflowPath: string, event: string, context: WorkflowContext, dir: string, runnerEnv: NodeJS.ProcessEnv, options: RecipeRunOptions = {}): Promise<WorkflowRun> {
  const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
  const run: WorkflowRun = { commands: [], summary: "", annotations: [] };
  // The `steps` context is per job.
  const outputs = new Map<string, StepOutputs>();
  const defaults = {
    RUNNER_TEMP: temp,
    GITHUB_EVENT_NAME: event,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: context.github?.repository ?? "",
    GITHUB_RUN_ID: String(++runNumber),
  };
  try {
    for (const [index, step] of runStepsFor(readWorkflow(workflowPath), event).entries()) {
      run.commands.push(step.command);
      if (options.skip?.includes(step.command)) continue;
      const files = { GITHUB_OUTPUT: join(temp, `output-${index}`), GITHUB_STEP_SUMMARY: join(temp, `summary-${index}`) };
      for (const file of Object.values(files)) writeFileSync(file, "");
      const jobOutputs = outputs.get(step.job) ?? outputs.set(step.job, new Map()).get(step.job)!;
      const env = { ...runnerEnv, ...defaults, ...files, ...resolveEnv(step.env, context, jobOutputs) };
      const scriptFile = join(temp, `step-${index}.sh`);
      writeFileSync(scriptFile, step.command);
      const result = await runCommand("bash", githubShell(step.shell, scriptFile), { cwd: dir, env });
      run.summary += readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
      run.annotations.push(...result.stdout.split("\n").filter((line) => /^::(warning|error|notice)[ :]/.test(line)));
      if (step.id !== undefined) jobOutputs.set(step.id, parseStepOutputs(readFileSync(files.GITHUB_OUTPUT, "utf8")));
      if (result.code !== 0) return { ...run, failed: result };
    }
    return run;
  } finally {
    rmSync(temp, { recursive: true, force: true });
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
