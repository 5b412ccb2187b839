import type { FleetCliResult } from "./fleetCli";
import type { FleetScaleResult, FleetScaleRun } from "./fleetScale";
import { OPERATIONS, type Operation } from "./realCli";

const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const fixed = (n: number, digits = 2) => n.toFixed(digits);
/** Issue 24's goal for every fleet ratio. */
export const FLEET_GOAL = 1.1;

/** bench/FLEET-RESULTS.md: the fleet sections, from bench/fleet-results.json. */
export function renderFleetMarkdown(results: Record<string, unknown>): string {
  const out: string[] = ["# Fleet benchmark results (issue 24)", "", `Run ${results.date} on commit ${results.commit ?? "unknown"}, Node ${results.node}, ${results.cpus} cores. Raw numbers: fleet-results.json. Re-run: \`npm run bench:fleet\` (or \`npm run bench:fleet -- provider\` / \`-- cli\` for one section).`, ""];
  const cli = results.cli as FleetCliResult | undefined;
  if (cli) out.push(...renderCli(cli));
  const provider = results.provider as FleetScaleResult | undefined;
  if (provider) out.push(...renderProvider(provider));
  return out.join("\n");
}

function renderProvider(p: FleetScaleResult): string[] {
  const t = p.timing;
  const perPass = (r: FleetScaleRun) => `${r.refreshMs} ms | ${r.updateMs} ms`;
  return [
    `## Provider only: ${p.profiles.toLocaleString("en-US")} Twilio profiles across ${t.accounts} accounts, ${p.latencyMs} ms latency, ${p.parallel} at once (goal: ≤ ${FLEET_GOAL} × raw undici)`,
    "",
    `The provider as the dynamic-provider process runs it (the shipped bundle, one lifecycle configured once with each account's \`TWILIO_ACCOUNT_SID__<NAME>\` and \`TWILIO_AUTH_TOKEN__<NAME>\`), ${p.parallel} resource operations at once: Pulumi's default \`--parallel\` on this machine (\`pulumi up --help\`: "default 8", four per core on 2 cores). Refresh is \`read\`; update is what the engine runs for a changed resource, \`check\` → \`diff\` → \`update\` (one form POST). Raw undici sends the same requests with one Agent per account bounded as the provider's (16 connections per origin) and the same ${p.parallel} at once; profile i is in account i mod ${t.accounts}, taken in order by both. The Twilio emulator runs in a process of its own. Each configuration ran in a fresh node process; the emulator counted the requests of one pass of each (they must match).`,
    "",
    `Median of ${t.rounds} rounds after a warm-up round; ours and raw ran back to back in alternating order, and "ours / raw" is the median of the rounds' ratios.`,
    "",
    "| operation | ours | raw undici, same requests | ours / raw | goal | requests (ours, raw) | ideal (profiles × latency / parallel) |",
    "|---|---|---|---|---|---|---|",
    `| refresh (one GET each) | ${t.refreshMs} ms | ${t.rawRefreshMs} ms | ${fixed(t.refreshVsRaw!)} | ${verdict(t.refreshVsRaw! <= FLEET_GOAL)} | ${t.requests.refresh}, ${t.requests.rawRefresh} | ${t.idealMs} ms |`,
    `| update (check → diff → one POST each) | ${t.updateMs} ms | ${t.rawUpdateMs} ms | ${fixed(t.updateVsRaw!)} | ${verdict(t.updateVsRaw! <= FLEET_GOAL)} | ${t.requests.update}, ${t.requests.rawUpdate} | ${t.idealMs} ms |`,
    "",
    `Samples (ms): ours refresh ${t.samples.refresh.join(", ")}; raw ${t.samples.rawRefresh.join(", ")}; ours update ${t.samples.update.join(", ")}; raw ${t.samples.rawUpdate.join(", ")}.`,
    "",
    `### Memory of the provider process, ${p.profiles.toLocaleString("en-US")} profiles, by number of accounts`,
    "",
    "Each row is its own process running only the provider: one warm-up refresh (completing the states), then one measured refresh and one update. Memory is `process.memoryUsage()` polled every 10 ms in that process from the first request on; the states the driver holds (as the engine's process holds them) are part of the heap in every row. Retained heap is after a GC at the end, with the states and every account's client alive.",
    "",
    "| accounts | baseline RSS | peak RSS | baseline heap | peak heap used | retained heap after GC | refresh | update |",
    "|---|---|---|---|---|---|---|---|",
    ...p.memoryRuns.map((r) => `| ${r.accounts} | ${r.memory.baselineRssMb} MB | ${r.memory.peakRssMb} MB | ${r.memory.baselineHeapMb} MB | ${r.memory.peakHeapUsedMb} MB | ${r.memory.retainedHeapMb} MB | ${perPass(r)} |`),
    "",
    `Wall time of this section: ${fixed(p.wallMs / 60000, 1)} min. Load average (1 min) ${fixed(p.load.before)} before, ${fixed(p.load.after)} after, on this machine: the machine was shared.`,
    "",
  ];
}

const OPERATION_NAMES: Record<Operation, string> = { create: "create", noopUp: "no-op up", refresh: "refresh", previewRefresh: "preview --refresh", oneFieldUp: "one-field up" };

function renderCli(c: FleetCliResult): string[] {
  const m = c.medianMs;
  const out = [
    `## Real Pulumi CLI: ${c.profiles.toLocaleString("en-US")} Twilio profiles across ${c.accounts} accounts in one stack (--parallel ${c.parallel}, ${c.repeats} rounds; goal: fleet / one account ≤ ${FLEET_GOAL})`,
    "",
    `Three project directories in one run, each a \`pulumi\` process per operation on a local file backend, the emulators at 0 ms latency in the bench process. **fleet**: pulumi-profiles, profile i in account i mod ${c.accounts} through the \`account\` input, each account's credentials in the provider's environment (\`TWILIO_ACCOUNT_SID__<NAME>\`, \`TWILIO_AUTH_TOKEN__<NAME>\`). **one account**: the same program and profile count, every profile in one account named through the same input. **naive fleet**: bench/programs/naive.js given each account's Account SID and Auth Token as resource inputs (the token a secret), the way a dynamic provider without account settings must take them.`,
    "",
    "Why Twilio Customer-Profiles: an account holds many of them, and the stack creates them. Wavix's profile, Voximplant's account info and a 2sms client's own account are one per account, so a thousand of them in one account does not exist; 2sms subaccounts are many per client but reached through one client by `accountId`, so they would not spread the work over many clients. Customer-Profiles make \"the same profiles in one account\" and \"in 50 accounts\" the same work but for the accounts.",
    "",
    `\`--parallel ${c.parallel}\` is Pulumi's default on this machine. Times are medians over the rounds; the ratios are medians of each round's own ratio (the variants of a round ran back to back, in an order rotating each round).`,
    "",
    "| operation | fleet | one account | naive fleet | fleet / one account | goal | fleet / naive fleet |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const op of OPERATIONS) {
    const ratio = c.fleetVsOneAccount[op];
    out.push(`| ${OPERATION_NAMES[op]} | ${m.fleet[op]} ms | ${m.oneAccount[op]} ms | ${m.naiveFleet[op]} ms | ${fixed(ratio)} | ≤ ${fixed(FLEET_GOAL)} ${verdict(ratio <= FLEET_GOAL)} | ${fixed(c.fleetVsNaive[op])} |`);
  }
  const st = c.stateBytesPerResource;
  const b = c.serializedProviderBytes;
  out.push(
    "",
    `State per resource: fleet ${st.fleet} B, one account ${st.oneAccount} B, naive fleet ${st.naiveFleet} B. Serialized provider (\`__provider\`): fleet ${b.fleet} B, one account ${b.oneAccount} B, naive fleet ${b.naiveFleet} B.`,
    "",
    `Wall time of this section: ${fixed(c.wallMs / 60000, 1)} min (including each round's destroy). Load average (1 min) ${fixed(c.load.before)} before, ${fixed(c.load.after)} after, on this 2-core machine: it was shared. Samples per round: fleet-results.json.`,
    "",
  );
  return out;
}
