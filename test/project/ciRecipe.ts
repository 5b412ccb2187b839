import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { type CommandResult, runCommand } from "./projectWorkspace";

/**
 * The parts of a GitHub Actions workflow the recipe in examples/ci uses, read from the file
 * itself so the tests run exactly what users copy. Anything this reader does not understand
 * (another expression, a shell or directory of its own) is an error, never silently skipped.
 */
const Env = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional();

const Step = z.looseObject({
  uses: z.string().optional(),
  run: z.string().optional(),
  env: Env,
  shell: z.never({ error: "a step's own shell is not supported here" }).optional(),
  "working-directory": z.never({ error: "a step's own working-directory is not supported here" }).optional(),
});

const Job = z.looseObject({ if: z.string().optional(), env: Env, steps: z.array(Step) });

const Workflow = z.looseObject({ on: z.record(z.string(), z.unknown()), env: Env, jobs: z.record(z.string(), Job) });

type Workflow = z.infer<typeof Workflow>;

/** One `run:` step as the runner executes it. */
export interface RunStep {
  job: string;
  command: string;
  env: Record<string, string>;
}

/** Values the workflow's `${{ secrets.X }}` and `${{ vars.X }}` stand for. */
export interface WorkflowContext {
  secrets: Record<string, string>;
  vars: Record<string, string>;
}

export function readWorkflow(path: string): Workflow {
  return Workflow.parse(parse(readFileSync(path, "utf8")));
}

function resolveValue(value: string, context: WorkflowContext): string {
  const expression = value.match(/^\$\{\{\s*(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/);
  if (expression) {
    const [, store, name] = expression;
    const resolved = context[store as keyof WorkflowContext][name!];
    if (resolved === undefined) throw new Error(`the test gives no value for ${store}.${name}`);
    return resolved;
  }
  if (value.includes("${{")) throw new Error(`unsupported expression in workflow env: ${value}`);
  return value;
}

function resolveEnv(env: Record<string, string> | undefined, context: WorkflowContext): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, resolveValue(value, context)]));
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

/** The `run:` steps a given event starts, in file order, with the env each one sees. */
export function runStepsFor(workflow: Workflow, event: string, context: WorkflowContext): RunStep[] {
  if (!(event in workflow.on)) throw new Error(`the workflow is not triggered by ${event}`);
  const steps: RunStep[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (!jobRunsOn(job.if, event)) continue;
    for (const step of job.steps) {
      if (step.run === undefined) continue;
      if (step.run.includes("${{")) throw new Error(`unsupported expression in job ${name}: ${step.run}`);
      steps.push({ job: name, command: step.run, env: { ...resolveEnv(workflow.env, context), ...resolveEnv(job.env, context), ...resolveEnv(step.env, context) } });
    }
  }
  return steps;
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

/** A workflow run: the commands it ran, in order, and the failing one's result, if any. */
export interface WorkflowRun {
  commands: string[];
  failed?: CommandResult;
}

/**
 * Runs the `run:` steps an event triggers in `dir`, as GitHub's runner does on Linux
 * (`bash --noprofile --norc -eo pipefail`), over the runner's environment; stops at the first
 * failing step.
 */
export async function runWorkflow(workflowPath: string, event: string, context: WorkflowContext, dir: string, runnerEnv: NodeJS.ProcessEnv): Promise<WorkflowRun> {
  const commands: string[] = [];
  for (const step of runStepsFor(readWorkflow(workflowPath), event, context)) {
    commands.push(step.command);
    const result = await runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.command], { cwd: dir, env: { ...runnerEnv, ...step.env } });
    if (result.code !== 0) return { commands, failed: result };
  }
  return { commands };
}
