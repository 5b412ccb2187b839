import { execFile } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Sandbox } from "../sandbox";
import { repoRoot } from "../scripts/pulumi-cli/localStack";
import { makeProject, run, type Project } from "./realCli";
import { median } from "./stats";

/** Issue 23's goal: the drift report of a 200-profile stack within 1.1 × `pulumi preview --refresh` on it. */
export const DRIFT_GOAL = 1.1;

export interface DriftBench {
  profiles: number;
  drifted: number;
  rounds: number;
  previewRefreshMs: number[];
  driftMs: number[];
  medianPreviewRefreshMs: number;
  medianDriftMs: number;
  /** Median of the rounds' own ratios (the two ran back to back in each round). */
  driftVsPreview: number;
}

function timedDrift(project: Project): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(repoRoot, "bin/pulumi-profiles.js"), "drift", "--stack", "bench", "--format", "json"], { cwd: project.dir, env: { ...process.env, ...project.env }, maxBuffer: 64 * 1024 * 1024 }, (err) => {
      // 2 is the answer this bench expects: the stack has drifted.
      if (err && err.code !== 2) reject(new Error(`pulumi-profiles drift failed: ${err.message}`));
      else if (!err) reject(new Error("pulumi-profiles drift found no drift in a drifted stack"));
      else resolve(Math.round(performance.now() - started));
    });
  });
}

async function timedPreview(project: Project): Promise<number> {
  const started = performance.now();
  await run(project, ["preview", "--refresh"]);
  return Math.round(performance.now() - started);
}

/**
 * A stack of `count` Twilio profiles, a tenth of them edited behind Pulumi's back; then, round
 * after round, `pulumi preview --refresh` and `pulumi-profiles drift` on it, back to back, in an
 * order that alternates. Both at Pulumi's default parallelism, as a user runs them.
 */
export async function measureDrift(sandbox: Sandbox, count: number, rounds: number, log: (line: string) => void): Promise<DriftBench> {
  const project = await makeProject("ours", "twilio", count, sandbox, {});
  try {
    log(`drift: creating ${count} profiles`);
    await run(project, ["up", "--yes", "--skip-preview", "--parallel", "16"]);
    const profiles = [...sandbox.twilio.emulator.profiles.values()];
    const drifted = profiles.filter((_, i) => i % 10 === 0);
    for (const profile of drifted) profile.friendly_name = `${profile.friendly_name} (edited in the console)`;
    const previewRefreshMs: number[] = [];
    const driftMs: number[] = [];
    // One unmeasured run of each: the first program run compiles and caches.
    await timedPreview(project);
    await timedDrift(project);
    for (let round = 1; round <= rounds; round++) {
      log(`drift: round ${round} of ${rounds}`);
      if (round % 2 === 1) {
        previewRefreshMs.push(await timedPreview(project));
        driftMs.push(await timedDrift(project));
      } else {
        driftMs.push(await timedDrift(project));
        previewRefreshMs.push(await timedPreview(project));
      }
    }
    await run(project, ["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
    return {
      profiles: count,
      drifted: drifted.length,
      rounds,
      previewRefreshMs,
      driftMs,
      medianPreviewRefreshMs: median(previewRefreshMs),
      medianDriftMs: median(driftMs),
      driftVsPreview: median(driftMs.map((ms, i) => ms / previewRefreshMs[i]!)),
    };
  } finally {
    project.cleanup();
  }
}
