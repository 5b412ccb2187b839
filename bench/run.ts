import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../sandbox";
import { repoRoot } from "../scripts/pulumi-cli/localStack";
import { measureDiffThroughput } from "./diffThroughput";
import { measureDrift } from "./drift";
import { measureOverhead } from "./overhead";
import { measureProviderLoad } from "./providerLoad";
import { compareOnRealCli } from "./realCli";
import { measureRequestCounts } from "./requestCounts";
import { measureScale } from "./scale";
import { measuredCommit } from "./measured";
import { renderMarkdown } from "./report";

/**
 * `npm run bench`: every measurement in one run on one machine, written to bench/results.json
 * and bench/RESULTS.md. Goals are judged as ratios within the run, never as absolute times.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  const sandbox = await startSandbox();
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  try {
    // A partial run (`npm run bench -- scale`) replaces only the sections it measured.
    const file = join(repoRoot, "bench/results.json");
    const previous = only.length > 0 && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
    const results: Record<string, unknown> = { ...previous, date: new Date().toISOString(), commit: measuredCommit(["bench/results.json", "bench/RESULTS.md"]), node: process.version, cpus: (await import("node:os")).cpus().length };
    if (want("requests")) {
      log("requests per lifecycle operation");
      results.requestCounts = await measureRequestCounts(sandbox);
    }
    if (want("load")) {
      log("provider load in fresh processes");
      results.providerLoad = measureProviderLoad();
    }
    if (want("overhead")) {
      log("provider overhead against raw undici");
      results.overhead = [await measureOverhead(sandbox, 0, 300), await measureOverhead(sandbox, 20, 100)];
    }
    if (want("diff")) {
      log("diff throughput");
      results.diffThroughput = await measureDiffThroughput();
    }
    if (want("scale")) {
      log("1,000 profiles at 20 ms latency, concurrency 16");
      results.scale = await measureScale(1000, 20, 16);
    }
    if (want("cli")) {
      log("real CLI: 200 profiles, ours against a naive dynamic provider");
      results.realCli = await compareOnRealCli(sandbox, { count: 200, parallel: 16, repeats: 5 }, log);
    }
    if (want("drift")) {
      log("real CLI: the drift report of 200 profiles against pulumi preview --refresh");
      results.drift = await measureDrift(sandbox, 200, 7, log);
    }
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    writeFileSync(join(repoRoot, "bench/RESULTS.md"), renderMarkdown(results));
    log("wrote bench/results.json and bench/RESULTS.md");
  } finally {
    await sandbox.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
