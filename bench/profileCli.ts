import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../sandbox";
import { repoRoot } from "../scripts/pulumi-cli/localStack";
import { makeProject, run, type Variant } from "./realCli";

/**
 * `npm run bench:profile -- [variant] [shape] [count]`: CPU profiles of every node process of
 * one no-op `up` (the program run by the language host, and the dynamic-provider process),
 * written to .tmp/cpu/ and summarized as self time per package. Where the time goes, before any
 * change is made for speed.
 */
interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function bucket(url: string, fn: string): string {
  if (!url) return `(${fn})`;
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  const ours = url.match(/\/dist\/([^/]+\/[^/]+)/);
  return ours ? `pulumi-profiles ${ours[1]}` : url;
}

/**
 * Each sample is charged to the deepest package on its stack, so the time node spends compiling
 * a module lands on the package whose code required it; idle and GC keep their own lines.
 */
export function summarize(profile: CpuProfile, top = 14): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    let key = bucket(byId.get(id)!.callFrame.url, byId.get(id)!.callFrame.functionName);
    for (let at: number | undefined = id; at !== undefined && (key === "node internals" || /^\((?!\(idle|\(garbage|\(program)/.test(key)); at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url && !frame.url.startsWith("node:")) key = bucket(frame.url, frame.functionName);
    }
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const lines = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [`wall ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`, ...lines].join("\n");
}

async function main(): Promise<void> {
  const [variant = "ours", shape = "twilio", count = "200"] = process.argv.slice(2);
  const sandbox = await startSandbox();
  const dir = join(repoRoot, ".tmp/cpu", `${variant}-${shape}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const project = await makeProject(variant as Variant, shape as "mixed" | "twilio", Number(count), sandbox, {});
  try {
    await run(project, ["up", "--yes", "--skip-preview", "--parallel", "16"]);
    await run(project, ["up", "--yes", "--skip-preview", "--parallel", "16"], { NODE_OPTIONS: `--require ${join(repoRoot, "bench/cpuProfilePreload.js")}`, BENCH_CPU_PROFILE_DIR: dir });
    for (const file of readdirSync(dir)) {
      const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
      const main = profile.nodes.find((n) => /dynamic-provider|cmd\/run/.test(n.callFrame.url))?.callFrame.url ?? "?";
      process.stdout.write(`\n== ${file} (${main.replace(/.*node_modules\//, "")})\n${summarize(profile)}\n`);
    }
    await run(project, ["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
  } finally {
    project.cleanup();
    await sandbox.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
