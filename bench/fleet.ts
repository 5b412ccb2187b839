import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../sandbox";
import { repoRoot } from "../scripts/pulumi-cli/localStack";
import { FLEET_VARIANTS, measureFleetCli, type FleetVariant } from "./fleetCli";
import { measureFleetScale } from "./fleetScale";
import { renderFleetMarkdown } from "./fleetReport";
import { measuredCommit } from "./measured";

/**
 * `npm run bench:fleet [-- provider|cli] [--profiles N --accounts N --rounds N --no-write | --render]`:
 * issue 24's measurements of fleets (profiles across many accounts), written to
 * bench/fleet-results.json and bench/FLEET-RESULTS.md. A partial run replaces only its sections;
 * the size options are for estimating a run's time at a smaller size (with --no-write).
 */

/** What this bench writes: a change to them alone leaves the measured commit clean. */
const OUTPUTS = ["bench/fleet-results.json", "bench/FLEET-RESULTS.md"];

function option(args: string[], name: string): number | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valued = new Set(["--profiles", "--accounts", "--rounds", "--variants"]);
  const sections = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
  const want = (name: string) => sections.length === 0 || sections.includes(name);
  const write = !args.includes("--no-write");
  // `--render`: FLEET-RESULTS.md again from fleet-results.json, measuring nothing.
  if (args.includes("--render")) {
    const file = join(repoRoot, "bench/fleet-results.json");
    writeFileSync(join(repoRoot, "bench/FLEET-RESULTS.md"), renderFleetMarkdown(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>));
    return;
  }
  const log = (line: string) => process.stderr.write(`[bench:fleet ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const file = join(repoRoot, "bench/fleet-results.json");
  const previous = sections.length > 0 && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const results: Record<string, unknown> = { ...previous, date: new Date().toISOString(), commit: measuredCommit(OUTPUTS), node: process.version, cpus: cpus().length };
  if (want("provider")) {
    const profiles = option(args, "profiles") ?? 10_000;
    const accounts = option(args, "accounts") ?? 500;
    const measured = { date: new Date().toISOString(), commit: measuredCommit(OUTPUTS) };
    results.provider = { measured, ...(await measureFleetScale(
      // Pulumi's default --parallel on this machine: `pulumi up --help` says "(default 8)" on 2 cores.
      { profiles, accounts: [1, 50, accounts].filter((n, i, all) => all.indexOf(n) === i && n <= profiles), timingAccounts: accounts, latencyMs: 20, parallel: 8, rounds: option(args, "rounds") ?? 3 },
      log,
    )) };
  }
  if (want("cli")) {
    const sandbox = await startSandbox();
    try {
      const profiles = option(args, "profiles") ?? 1000;
      const accounts = option(args, "accounts") ?? 50;
      // `--variants fleet,oneAccount`: a run of some variants only, kept under its own key (cli:fleet,oneAccount).
      const given = args.indexOf("--variants") >= 0 ? (args[args.indexOf("--variants") + 1]!.split(",") as FleetVariant[]) : undefined;
      log(`real CLI: ${profiles} profiles across ${accounts} accounts, ${(given ?? FLEET_VARIANTS).join(" / ")}`);
      const measured = { date: new Date().toISOString(), commit: measuredCommit(OUTPUTS) };
      results[given ? `cli:${given.join(",")}` : "cli"] = { measured, ...(await measureFleetCli(sandbox, { profiles, accounts, parallel: 8, repeats: option(args, "rounds") ?? 3, variants: given }, log)) };
    } finally {
      await sandbox.close();
    }
  }
  if (write) {
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    writeFileSync(join(repoRoot, "bench/FLEET-RESULTS.md"), renderFleetMarkdown(results));
    log("wrote bench/fleet-results.json and bench/FLEET-RESULTS.md");
  } else {
    process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:fleet failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
