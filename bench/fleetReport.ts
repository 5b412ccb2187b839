import type { FleetCliResult, FleetVariant } from "./fleetCli";
import type { FleetScaleResult, FleetScaleRun } from "./fleetScale";
import { OPERATIONS, type Operation } from "./realCli";

const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const fixed = (n: number, digits = 2) => n.toFixed(digits);
/** Issue 24's goal for every fleet ratio. */
export const FLEET_GOAL = 1.1;

/** bench/FLEET-RESULTS.md: the fleet sections, from bench/fleet-results.json. */
export function renderFleetMarkdown(results: Record<string, unknown>): string {
  const out: string[] = ["# Fleet benchmark results (issue 24)", "", `Last run ${results.date} on commit ${results.commit ?? "unknown"}, Node ${results.node}, ${results.cpus} cores; each section says when and on which commit it was measured. Raw numbers: fleet-results.json. Re-run: \`npm run bench:fleet\` (or \`npm run bench:fleet -- provider\` / \`-- cli\` for one section).`, ""];
  for (const key of Object.keys(results).filter((k) => k === "cli" || k.startsWith("cli:"))) out.push(...renderCli(results[key] as FleetCliResult & Measured));
  const provider = results.provider as (FleetScaleResult & Measured) | undefined;
  if (provider) out.push(...renderProvider(provider));
  // Said by whoever ran it about that run (fleet-results.json "notes"); a full run starts without.
  const notes = results.notes as string[] | undefined;
  if (notes?.length) out.push("## Notes on this run", "", ...notes.map((n) => `- ${n}`), "");
  return out.join("\n");
}

/** When and on which commit a section was measured (a partial run keeps the other sections). */
export interface Measured {
  measured?: { date: string; commit: string };
}

const measuredLine = (s: Measured) => (s.measured ? [`Measured ${s.measured.date} on commit ${s.measured.commit}.`, ""] : []);

function renderProvider(p: FleetScaleResult & Measured): string[] {
  const t = p.timing;
  const memoryRow = (label: string, r: FleetScaleRun) =>
    `| ${label} | ${r.memory.baselineRssMb} MB | ${r.memory.peakRssMb} MB | ${r.memory.baselineHeapMb} MB | ${r.memory.peakHeapUsedMb} MB | ${r.memory.retainedHeapMb} MB | ${r.refreshMs} ms | ${r.updateMs} ms |`;
  return [
    `## Provider only: ${p.profiles.toLocaleString("en-US")} Twilio profiles across ${t.accounts} accounts, ${p.latencyMs} ms latency, ${p.parallel} at once (goal: ≤ ${FLEET_GOAL} × raw undici)`,
    "",
    ...measuredLine(p),
    `The provider as the dynamic-provider process runs it (the shipped bundle, one lifecycle configured once with each account's \`TWILIO_ACCOUNT_SID__<NAME>\` and \`TWILIO_AUTH_TOKEN__<NAME>\`), ${p.parallel} resource operations at once: Pulumi's default \`--parallel\` on this machine (\`pulumi up --help\`: "default 8", four per core on 2 cores). Refresh is \`read\`; update is what the engine runs for a changed resource, \`check\` → \`diff\` → \`update\` (one form POST). Raw undici sends the same requests with one Agent per account bounded as the provider's (16 connections per origin) and the same ${p.parallel} at once; profile i is in account i mod ${t.accounts}, taken in order by both. The Twilio emulator runs in a process of its own. Each configuration ran in a fresh node process; the emulator counted the requests of one pass of each (they must match).`,
    "",
    `Median of ${t.rounds} rounds after a warm-up round; ours and raw ran back to back in alternating order, and "ours / raw" is the median of the rounds' ratios.`,
    "",
    "| operation | ours | raw undici, same requests | ours / raw | goal | requests (ours, raw) | ideal (profiles × latency / parallel) |",
    "|---|---|---|---|---|---|---|",
    `| refresh (one GET each) | ${t.refreshMs} ms | ${t.rawRefreshMs} ms | ${fixed(t.refreshVsRaw!)} | ${verdict(t.refreshVsRaw! <= FLEET_GOAL)} | ${t.requests.refresh}, ${t.requests.rawRefresh} | ${t.idealMs} ms |`,
    `| update (check → diff → one POST each) | ${t.updateMs} ms | ${t.rawUpdateMs} ms | ${fixed(t.updateVsRaw!)} | ${verdict(t.updateVsRaw! <= FLEET_GOAL)} | ${t.requests.update}, ${t.requests.rawUpdate} | ${t.idealMs} ms |`,
    "",
    `Samples (ms): ours refresh ${t.samples.refresh.join(", ")}; raw ${t.samples.rawRefresh.join(", ")}; ours update ${t.samples.update.join(", ")}; raw ${t.samples.rawUpdate.join(", ")}. Ratios by round: refresh ${roundRatios(t.samples.refresh, t.samples.rawRefresh)}; update ${roundRatios(t.samples.update, t.samples.rawUpdate)}.`,
    "",
    `### Memory of the provider process, ${p.profiles.toLocaleString("en-US")} profiles, by number of accounts`,
    "",
    "Each row is its own process running only the provider: one warm-up refresh (completing the states), then one measured refresh and one update. Memory is `process.memoryUsage()` polled every 10 ms in that process from the first request on; the states the driver holds (as the engine's process holds them) are part of the heap in every row. Retained heap is after a GC at the end, with the states and every account's client alive.",
    "",
    "| accounts | baseline RSS | peak RSS | baseline heap | peak heap used | retained heap after GC | refresh | update |",
    "|---|---|---|---|---|---|---|---|",
    ...p.memoryRuns.map((r) => memoryRow(String(r.accounts), r)),
    memoryRow(`${t.accounts} (the timing run's process: ours and raw undici, ${t.rounds + 1} rounds; times are medians)`, t),
    "",
    ...memoryGrowth(p.memoryRuns, p.timing),
    `Wall time of this section: ${fixed(p.wallMs / 60000, 1)} min. Load average (1 min) ${fixed(p.load.before)} before, ${fixed(p.load.after)} after, on this machine: the machine was shared.`,
    "",
  ];
}

const roundRatios = (ours: number[], raw: number[]) => ours.map((ms, i) => fixed(ms / raw[i]!)).join(", ");

/** Most accounts against one account: peak ratios, and the retained heap each further account adds. */
function memoryGrowth(runs: FleetScaleRun[], timing: FleetScaleRun): string[] {
  const one = runs.find((r) => r.accounts === 1);
  const most = runs.reduce((a, b) => (b.accounts > a.accounts ? b : a));
  if (!one || most === one) return [];
  const perAccountKb = ((most.memory.retainedHeapMb - one.memory.retainedHeapMb) * 1024) / (most.accounts - one.accounts);
  return [
    `From 1 to ${most.accounts} accounts: peak RSS × ${fixed(most.memory.peakRssMb / one.memory.peakRssMb)}, peak heap × ${fixed(most.memory.peakHeapUsedMb / one.memory.peakHeapUsedMb)}; the heap retained after the run is ${fixed(perAccountKb, 0)} KB more per further account in these runs (one client per account: its undici pool with the sockets it keeps alive, its settings view and credentials)${timing.accounts === most.accounts && timing.memory.retainedHeapMb < most.memory.retainedHeapMb ? `, though the timing run's process at ${most.accounts} accounts retained ${timing.memory.retainedHeapMb} MB (last row): what stays depends on the moment it is measured` : ""}.`,
    "",
  ];
}

const OPERATION_NAMES: Record<Operation, string> = { create: "create", noopUp: "no-op up", refresh: "refresh", previewRefresh: "preview --refresh", oneFieldUp: "one-field up" };

const VARIANT_NAMES: Record<FleetVariant, string> = { fleet: "fleet", oneAccount: "one account", naiveFleet: "naive fleet" };

function renderCli(c: FleetCliResult & Measured): string[] {
  const m = c.medianMs;
  const variants = c.variants ?? (Object.keys(m) as FleetVariant[]);
  const ratios: Array<[string, Record<Operation, number>, boolean]> = [];
  if (c.fleetVsOneAccount) ratios.push(["fleet / one account", c.fleetVsOneAccount, true]);
  if (c.fleetVsNaive) ratios.push(["fleet / naive fleet", c.fleetVsNaive, false]);
  const out = [
    `## Real Pulumi CLI: ${c.profiles.toLocaleString("en-US")} Twilio profiles across ${c.accounts} accounts in one stack, ${variants.map((v) => VARIANT_NAMES[v]).join(" / ")} (--parallel ${c.parallel}, ${c.repeats} round${c.repeats === 1 ? "" : "s"}${c.fleetVsOneAccount ? `; goal: fleet / one account ≤ ${FLEET_GOAL}` : ""})`,
    "",
    ...measuredLine(c),
    "Project directories in one run, each a `pulumi` process per operation on a local file backend, the emulators at 0 ms latency in the bench process. **fleet**: pulumi-profiles, profile i in account i mod the account count through the `account` input, each account's credentials in the provider's environment (`TWILIO_ACCOUNT_SID__<NAME>`, `TWILIO_AUTH_TOKEN__<NAME>`). **one account**: the same program and profile count, every profile in one account named through the same input. **naive fleet**: bench/programs/naive.js given each account's Account SID and Auth Token as resource inputs (the token a secret), the way a dynamic provider without account settings must take them.",
    "",
    "Why Twilio Customer-Profiles: an account holds many of them, and the stack creates them. Wavix's profile, Voximplant's account info and a 2sms client's own account are one per account, so a thousand of them in one account does not exist; 2sms subaccounts are many per client but reached through one client by `accountId`, so they would not spread the work over many clients. Customer-Profiles make \"the same profiles in one account\" and \"in many accounts\" the same work but for the accounts.",
    "",
    `\`--parallel ${c.parallel}\` is Pulumi's default on this machine. ${c.repeats === 1 ? "One round: each time and ratio is a single sample (the variants ran back to back)." : "Times are medians over the rounds; the ratios are medians of each round's own ratio (the variants of a round ran back to back, in an order rotating each round)."}`,
    "",
    `| operation | ${variants.map((v) => VARIANT_NAMES[v]).join(" | ")} | ${ratios.map(([name, , goal]) => (goal ? `${name} | goal` : name)).join(" | ")} |`,
    `|---|${variants.map(() => "---|").join("")}${ratios.map(([, , goal]) => (goal ? "---|---|" : "---|")).join("")}`,
  ];
  for (const op of OPERATIONS) {
    const cells = ratios.map(([, r, goal]) => (goal ? `${fixed(r[op])} | ≤ ${fixed(FLEET_GOAL)} ${verdict(r[op] <= FLEET_GOAL)}` : fixed(r[op])));
    out.push(`| ${OPERATION_NAMES[op]} | ${variants.map((v) => `${m[v]![op]} ms`).join(" | ")} | ${cells.join(" | ")} |`);
  }
  const st = c.stateBytesPerResource;
  const b = c.serializedProviderBytes;
  out.push(
    "",
    `State per resource: ${variants.map((v) => `${VARIANT_NAMES[v]} ${st[v]} B`).join(", ")}. Serialized provider (\`__provider\`): ${variants.map((v) => `${VARIANT_NAMES[v]} ${b[v]} B`).join(", ")}.`,
    "",
    `Wall time of this section: ${fixed(c.wallMs / 60000, 1)} min (including each round's destroy). Load average (1 min) ${fixed(c.load.before)} before, ${fixed(c.load.after)} after, on this 2-core machine: it was shared. Samples: fleet-results.json.`,
    "",
  );
  return out;
}
