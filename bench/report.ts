import type { DiffThroughput } from "./diffThroughput";
import { DRIFT_GOAL, type DriftBench } from "./drift";
import type { OverheadResult } from "./overhead";
import type { LoadResult } from "./providerLoad";
import { OPERATIONS, type CliComparison, type Operation } from "./realCli";
import type { OperationCount } from "./requestCounts";
import type { ScaleResult } from "./scale";

const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** The short markdown table committed next to results.json. */
export function renderMarkdown(results: Record<string, unknown>): string {
  const out: string[] = ["# Benchmark results", "", `Run ${results.date} on commit ${results.commit ?? "unknown"}, Node ${results.node}, ${results.cpus} cores. Raw numbers: results.json.`, ""];
  const counts = results.requestCounts as OperationCount[] | undefined;
  if (counts) {
    out.push("## Requests per lifecycle operation", "", "| API | operation | requests | minimum | sent |", "|---|---|---|---|---|");
    for (const c of counts) out.push(`| ${c.api} | ${c.operation} | ${c.requests}${c.requests > c.minimum ? " ⚠" : ""} | ${c.minimum} | ${c.sent.join(", ") || "—"}${c.note ? ` (${c.note})` : ""} |`);
    const above = counts.filter((c) => c.requests > c.minimum);
    out.push("", above.length === 0 ? "Every operation is at its minimum. Each starts from a freshly configured provider, as a `pulumi` command has it, so 2sms operations that send anything include their one token request." : `Above minimum: ${above.map((c) => `${c.api} ${c.operation}`).join(", ")}.`, "");
  }
  const load = results.providerLoad as LoadResult | undefined;
  if (load) {
    out.push(
      `## Loading the provider (goal: ≤ 40 ms to the first answer), fresh process, median of ${load.runs}`,
      "",
      "| API | require + providerFor | + configure, first check and diff | goal | modules loaded |",
      "|---|---|---|---|---|",
      ...load.providers.map((p) => `| ${p.api} | ${fixed(p.loadMs, 1)} ms | ${fixed(p.firstAnswerMs, 1)} ms | ${verdict(p.firstAnswerMs <= 40)} | ${p.modules} |`),
      "",
      `The dynamic-provider process loads dist/provider/bundle.js (${(load.bundleBytes / 1024).toFixed(0)} KB); undici and fast-xml-parser load on the first request, which check and diff never send. In the program, \`require("pulumi-profiles")\` after @pulumi/pulumi takes ${fixed(load.sdkLoadMs, 1)} ms (${load.sdkModules} modules).`,
      "",
    );
  }
  const overhead = results.overhead as OverheadResult[] | undefined;
  if (overhead) {
    out.push("## Provider overhead (goal: ratio ≤ 1.10)", "", "| emulator latency | provider median (check → diff → update) | raw undici median | ratio | goal |", "|---|---|---|---|---|");
    for (const o of overhead) out.push(`| ${o.latencyMs} ms | ${fixed(o.providerMedianMs, 3)} ms | ${fixed(o.rawMedianMs, 3)} ms | ${fixed(o.ratio)} | ${verdict(o.ratio <= 1.1)} |`);
    out.push("");
  }
  const diff = results.diffThroughput as DiffThroughput[] | undefined;
  if (diff) {
    out.push("## Diff throughput (fully populated profile)", "", "| API | fields | diffs per second |", "|---|---|---|");
    for (const d of diff) out.push(`| ${d.api} | ${d.fields} | ${d.diffsPerSecond.toLocaleString("en-US")} |`);
    out.push("");
  }
  const scale = results.scale as ScaleResult | undefined;
  if (scale?.rawUpdateMs !== undefined) {
    out.push(
      `## Scale: ${scale.profiles} profiles, ${scale.latencyMs} ms latency, concurrency ${scale.concurrency} (goal: ≤ 1.05 × raw undici)`,
      "",
      `Median of ${scale.rounds} rounds after a warm-up round; in each round ours and raw undici run back to back, in alternating order, and "ours / raw" is the median of the rounds' ratios. Ours is the shipped bundle (\`pulumi-profiles/provider\`).`,
      "",
      "| operation | ours | raw undici, same requests | ours / raw | goal | ideal (profiles × latency / concurrency) |",
      "|---|---|---|---|---|---|",
      `| refresh (one GET each) | ${scale.refreshMs} ms | ${scale.rawRefreshMs} ms | ${fixed(scale.refreshVsRaw)} | ${verdict(scale.refreshVsRaw <= 1.05)} | ${scale.idealMs} ms |`,
      `| update (one form POST each) | ${scale.updateMs} ms | ${scale.rawUpdateMs} ms | ${fixed(scale.updateVsRaw)} | ${verdict(scale.updateVsRaw <= 1.05)} | ${scale.idealMs} ms |`,
      "",
      `The emulator runs in a process of its own, as a real API would. Peak RSS of the bench process: ${scale.peakRssMb} MB.`,
      "",
    );
  }
  const cli = results.realCli as CliComparison | undefined;
  if (cli?.shapes) out.push(...renderCli(cli));
  const drift = results.drift as DriftBench | undefined;
  if (drift) {
    out.push(
      `## Drift report: ${drift.profiles} Twilio profiles, ${drift.drifted} drifted (goal: ≤ ${DRIFT_GOAL} × pulumi preview --refresh)`,
      "",
      `\`pulumi-profiles drift --format json\` and \`pulumi preview --refresh\` on the same stack, back to back in alternating order, ${drift.rounds} rounds after one unmeasured run of each, both at Pulumi's default parallelism. The report runs that preview itself (plus a \`pulumi stack export\` beside it) and sends the same requests.`,
      "",
      "| pulumi preview --refresh | pulumi-profiles drift | drift / preview (median of rounds) | goal |",
      "|---|---|---|---|",
      `| ${drift.medianPreviewRefreshMs} ms | ${drift.medianDriftMs} ms | ${fixed(drift.driftVsPreview)} | ${verdict(drift.driftVsPreview <= DRIFT_GOAL)} |`,
      "",
    );
  }
  return out.join("\n");
}

const OPERATION_NAMES: Record<Operation, string> = { create: "create", noopUp: "no-op up", refresh: "refresh", previewRefresh: "preview --refresh", oneFieldUp: "one-field up" };

/** Goals of issue #17: ours / naive ≤ 0.95 for every repeated operation, ≤ 1.0 for create. */
export const cliGoal = (op: Operation) => (op === "create" ? 1.0 : 0.95);

function renderCli(cli: CliComparison): string[] {
  const out: string[] = [
    "## Real Pulumi CLI, project directories as pipelines run them",
    "",
    "Every operation is a `pulumi` process in a project directory (Pulumi.yaml, package.json, a JavaScript program; local file backend), the language host running the program with node and the dynamic-provider process loading each provider from state. `up` and `refresh` run with `--yes --skip-preview`. Three programs declare the same profiles (bench/programs/): **ours** (pulumi-profiles), **naive** (the dynamic providers one could write in an afternoon from Pulumi's docs: object literals doing their own `fetch`, no check or diff), and **floor** (a provider that does nothing and answers at once, registered as cheaply as a program can: how much of a run is Pulumi's own).",
    "",
  ];
  for (const shape of cli.shapes) {
    const m = shape.medianMs;
    out.push(
      `## Real Pulumi CLI: ${shape.description} (--parallel ${cli.parallel}, ${cli.repeats} rounds)`,
      "",
      "Times are medians over the rounds; the ratios are medians of each round's own ratio (the three variants of a round ran back to back).",
      "",
      "| operation | ours | naive | floor | ours / naive | goal | ours / floor |",
      "|---|---|---|---|---|---|---|",
    );
    for (const op of OPERATIONS) {
      const ratio = shape.oursVsNaive[op];
      out.push(`| ${OPERATION_NAMES[op]} | ${m.ours[op]} ms | ${m.naive[op]} ms | ${m.floor[op]} ms | ${fixed(ratio)} | ≤ ${fixed(cliGoal(op))} ${verdict(ratio <= cliGoal(op))} | ${fixed(shape.oursVsFloor[op])} |`);
    }
    const b = shape.serializedProviderBytes;
    const st = shape.stateBytesPerResource;
    out.push(
      "",
      `State per resource: ours ${st.ours} B, naive ${st.naive} B, floor ${st.floor} B. Serialized provider (\`__provider\`): ours ${b.ours} B (goal ≤ 1024 B: ${verdict(b.ours <= 1024)}), naive ${b.naive} B, floor ${b.floor} B.`,
      "",
    );
  }
  return out;
}
