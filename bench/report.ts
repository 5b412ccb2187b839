import type { DiffThroughput } from "./diffThroughput";
import type { OverheadResult } from "./overhead";
import type { CliComparison } from "./realCli";
import type { OperationCount } from "./requestCounts";
import type { ScaleResult } from "./scale";

const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** The short markdown table committed next to results.json. */
export function renderMarkdown(results: Record<string, unknown>): string {
  const out: string[] = ["# Benchmark results", "", `Run ${results.date} on Node ${results.node}, ${results.cpus} cores. Raw numbers: results.json.`, ""];
  const counts = results.requestCounts as OperationCount[] | undefined;
  if (counts) {
    out.push("## Requests per lifecycle operation", "", "| API | operation | requests | minimum | sent |", "|---|---|---|---|---|");
    for (const c of counts) out.push(`| ${c.api} | ${c.operation} | ${c.requests}${c.requests > c.minimum ? " ⚠" : ""} | ${c.minimum} | ${c.sent.join(", ") || "—"}${c.note ? ` (${c.note})` : ""} |`);
    const above = counts.filter((c) => c.requests > c.minimum);
    out.push("", above.length === 0 ? "Every operation is at its minimum (OAuth token fetches are listed but not counted)." : `Above minimum: ${above.map((c) => `${c.api} ${c.operation}`).join(", ")}.`, "");
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
  if (scale) {
    out.push(
      `## Scale: ${scale.profiles} profiles, ${scale.latencyMs} ms latency, concurrency ${scale.concurrency} (goal: ≤ 1.2 × ideal)`,
      "",
      "| operation | time | ideal | ratio | goal |",
      "|---|---|---|---|---|",
      `| refresh | ${scale.refreshMs} ms | ${scale.idealMs} ms | ${fixed(scale.refreshRatio)} | ${verdict(scale.refreshRatio <= 1.2)} |`,
      `| update | ${scale.updateMs} ms | ${scale.idealMs} ms | ${fixed(scale.updateRatio)} | ${verdict(scale.updateRatio <= 1.2)} |`,
      `| raw undici GETs, same emulator (baseline) | ${scale.rawRefreshMs} ms | ${scale.idealMs} ms | ${fixed(scale.rawRatio)} | |`,
      "",
      `The emulator runs in a process of its own, as a real API would. One GET per refresh, one POST per update. Peak RSS of the bench process: ${scale.peakRssMb} MB.`,
      "",
    );
  }
  const cli = results.realCli as CliComparison | undefined;
  if (cli) {
    out.push("## Real Pulumi CLI, 200 Twilio profiles (--parallel 16)", "", "| provider | create | no-op up | refresh | state per resource | serialized provider |", "|---|---|---|---|---|---|");
    for (const r of cli.runs) out.push(`| ${r.provider} | ${r.createMs} ms | ${r.noopUpMs} ms | ${r.refreshMs} ms | ${r.stateBytesPerResource} B | ${r.serializedProviderBytes} B ${verdict(r.serializedProviderBytes <= 4096)} |`);
    out.push("", `Time ratio ours / naive: no-op up ${fixed(cli.noopUpRatio)}, refresh ${fixed(cli.refreshRatio)}.`, "");
  }
  return out.join("\n");
}
