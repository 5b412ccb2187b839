import { execFile } from "node:child_process";
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Sandbox } from "../sandbox";
import { SANDBOX_POLICY_SID } from "../sandbox";
import { localBackendEnv, makeProgramDir, pulumiBin, repoRoot } from "../scripts/pulumi-cli/localStack";
import { median } from "./stats";

/**
 * The real CLI on project directories, as pipelines run it: `pulumi` started as a process for
 * every operation, the language host running the program file with node, the dynamic-provider
 * process loading each provider from state. Three programs declare the same profiles
 * (bench/programs/): ours, the naive provider a user could write in an afternoon, and the floor,
 * a provider that does nothing, so "ours / floor" shows how much of a run is still ours.
 */
export const VARIANTS = ["ours", "naive", "floor"] as const;
export type Variant = (typeof VARIANTS)[number];
export const OPERATIONS = ["create", "noopUp", "refresh", "previewRefresh", "oneFieldUp"] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface ShapeResult {
  shape: "mixed" | "twilio";
  resources: number;
  description: string;
  /** Median milliseconds per operation per variant. */
  medianMs: Record<Variant, Record<Operation, number>>;
  samplesMs: Record<Variant, Record<Operation, number[]>>;
  /**
   * Ours against naive and against floor: the median of each round's ratio. The variants of one
   * round ran back to back, while the machine drifted ±20% between rounds (results.json keeps
   * the samples), so a ratio within a round is what compares like with like.
   */
  oursVsNaive: Record<Operation, number>;
  oursVsFloor: Record<Operation, number>;
  stateBytesPerResource: Record<Variant, number>;
  serializedProviderBytes: Record<Variant, number>;
}

export interface CliComparison {
  parallel: number;
  repeats: number;
  shapes: ShapeResult[];
}

export interface Project {
  /** The variant (or, for benches of other programs, the label) its samples are kept under. */
  variant: string;
  dir: string;
  env: Record<string, string>;
  cleanup: () => void;
}

export function run(project: Project, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("pulumi", [...args, "--stack", "bench", "--non-interactive"], { cwd: project.dir, env: { ...process.env, ...project.env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pulumi ${args.join(" ")} (${project.variant}) failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function timed(project: Project, args: string[], extraEnv?: Record<string, string>): Promise<number> {
  const started = performance.now();
  await run(project, args, extraEnv);
  return Math.round(performance.now() - started);
}

/** A project directory running bench/programs/<main>.js (by default the variant's own program). */
export async function makeProject(variant: string, shape: string, count: number, sandbox: Sandbox, extraEnv: Record<string, string>, main: string = variant): Promise<Project> {
  const program = makeProgramDir(`pulumi-profiles-bench-${variant}-`);
  const programs = join(repoRoot, "bench/programs");
  for (const file of readdirSync(programs)) copyFileSync(join(programs, file), join(program.dir, file));
  writeFileSync(join(program.dir, "package.json"), JSON.stringify({ name: `bench-${variant}`, private: true, main: `${main}.js` }));
  writeFileSync(join(program.dir, "Pulumi.yaml"), `name: bench-${variant}\nruntime: nodejs\nmain: ${main}.js\n`);
  const env = {
    ...localBackendEnv(program.dir),
    ...sandbox.env,
    BENCH_VARIANT: variant,
    BENCH_SHAPE: shape,
    BENCH_COUNT: String(count),
    BENCH_POLICY_SID: SANDBOX_POLICY_SID,
    BENCH_SMS_PASSWORD: "bench-sms-password-1",
    BENCH_REV: "",
    ...extraEnv,
  };
  const project = { variant, dir: program.dir, env, cleanup: program.cleanup };
  await run(project, ["stack", "init"]);
  return project;
}

export type OperationSamples = Record<Operation, number[]>;

export interface RoundsResult {
  /** Milliseconds per operation per project, one sample per round. */
  samplesMs: Record<string, OperationSamples>;
  /** Measured after the first round's one-field `up`. */
  stateBytesPerResource: Record<string, number>;
  serializedProviderBytes: Record<string, number>;
}

/**
 * Every operation for every project, round after round: each round is a whole life (create,
 * no-op up, refresh, preview --refresh, one-field up, destroy), every operation run by the
 * projects one after another in an order that rotates each round, so none always runs first.
 */
export async function measureRounds(projects: Project[], parallel: number, repeats: number, log: (line: string) => void, label: string): Promise<RoundsResult> {
  const samplesMs = Object.fromEntries(projects.map((p) => [p.variant, Object.fromEntries(OPERATIONS.map((op) => [op, [] as number[]]))])) as Record<string, OperationSamples>;
  const p = String(parallel);
  const commands: Record<Operation, string[]> = {
    create: ["up", "--yes", "--skip-preview", "--parallel", p],
    noopUp: ["up", "--yes", "--skip-preview", "--parallel", p],
    refresh: ["refresh", "--yes", "--skip-preview", "--parallel", p],
    previewRefresh: ["preview", "--refresh", "--parallel", p],
    oneFieldUp: ["up", "--yes", "--skip-preview", "--parallel", p],
  };
  const stateBytesPerResource: Record<string, number> = {};
  const serializedProviderBytes: Record<string, number> = {};
  for (let round = 1; round <= repeats; round++) {
    log(`${label}: round ${round} of ${repeats}`);
    const inOrder = projects.map((_, i) => projects[(i + round) % projects.length]!);
    for (const op of OPERATIONS) {
      for (const project of inOrder) {
        if (op === "oneFieldUp") project.env.BENCH_REV = ` r${round}`;
        samplesMs[project.variant]![op].push(await timed(project, commands[op]));
      }
    }
    if (round === 1) {
      for (const project of projects) {
        const deployment = JSON.parse(await run(project, ["stack", "export"])) as { deployment: { resources: { type: string; inputs: Record<string, unknown> }[] } };
        const dynamic = deployment.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
        stateBytesPerResource[project.variant] = Math.round(dynamic.reduce((n, r) => n + JSON.stringify(r).length, 0) / dynamic.length);
        serializedProviderBytes[project.variant] = Math.max(...dynamic.map((r) => String(r.inputs.__provider).length));
      }
    }
    for (const project of inOrder) {
      await run(project, ["destroy", "--yes", "--skip-preview", "--parallel", p]);
      project.env.BENCH_REV = "";
    }
  }
  return { samplesMs, stateBytesPerResource, serializedProviderBytes };
}

/** Per operation, the median over rounds of `a`'s time over `b`'s in the same round (the two ran back to back). */
export function pairedRatios(samplesMs: Record<string, OperationSamples>, a: string, b: string): Record<Operation, number> {
  return Object.fromEntries(OPERATIONS.map((op) => [op, median(samplesMs[a]![op].map((ms, round) => ms / samplesMs[b]![op][round]!))])) as Record<Operation, number>;
}

export const medians = (samples: OperationSamples): Record<Operation, number> => Object.fromEntries(OPERATIONS.map((op) => [op, median(samples[op])])) as Record<Operation, number>;

/** Every operation of one stack shape for the three variants (measureRounds); medians over the rounds are kept. */
async function measureShape(shape: ShapeResult["shape"], count: number, sandbox: Sandbox, parallel: number, repeats: number, log: (line: string) => void): Promise<ShapeResult> {
  const resources = shape === "mixed" ? 4 : count;
  const projects: Project[] = [];
  try {
    for (const variant of VARIANTS) projects.push(await makeProject(variant, shape, count, sandbox, {}));
    const rounds = await measureRounds(projects, parallel, repeats, log, shape);
    const samplesMs = rounds.samplesMs as ShapeResult["samplesMs"];
    const medianMs = Object.fromEntries(VARIANTS.map((v) => [v, medians(samplesMs[v])])) as ShapeResult["medianMs"];
    const description = shape === "mixed" ? "one profile per API (Wavix, Voximplant and 2sms adopted, Twilio created)" : `${count} Twilio profiles`;
    return {
      shape, resources, description, medianMs, samplesMs,
      oursVsNaive: pairedRatios(samplesMs, "ours", "naive"), oursVsFloor: pairedRatios(samplesMs, "ours", "floor"),
      stateBytesPerResource: rounds.stateBytesPerResource as Record<Variant, number>, serializedProviderBytes: rounds.serializedProviderBytes as Record<Variant, number>,
    };
  } finally {
    for (const project of projects) project.cleanup();
  }
}

export async function compareOnRealCli(
  sandbox: Sandbox,
  options: { count: number; parallel: number; repeats: number; shapes?: ShapeResult["shape"][] },
  log: (line: string) => void,
): Promise<CliComparison> {
  pulumiBin();
  const shapes: ShapeResult[] = [];
  for (const shape of options.shapes ?? ["mixed", "twilio"]) shapes.push(await measureShape(shape, shape === "mixed" ? 4 : options.count, sandbox, options.parallel, options.repeats, log));
  return { parallel: options.parallel, repeats: options.repeats, shapes };
}
