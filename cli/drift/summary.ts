import { readFileSync } from "node:fs";
import { renderReport } from "./render";
import { mdCode, mdText } from "./render/markdownEscape";
import { countsSentence } from "./render/wording";
import { DriftReport, REPORT_VERSION } from "./report";

/**
 * Several stacks' drift reports (a fleet's shards, each `drift --format json` of its own job)
 * as one summary: a row per stack with the totals, then each stack's own report. Nothing is
 * lost between the shards' jobs and this one: a stack that should have reported and did not is
 * named, and the exit status is the worst of the stacks'.
 */

/** What one input file held: a report, or why it holds none. */
export type ReportInput = { source: string; report: DriftReport } | { source: string; problem: string };

export type ShardSummary = { stack: string; report: DriftReport } | { stack?: string; source?: string; problem: string };

export interface FleetSummary {
  /** The expected stacks first, in the order given, then the others by name, then files that held no report. */
  shards: ShardSummary[];
  /** Over the stacks that reported. */
  counts: DriftReport["counts"];
  /** `incomplete`: a stack has no report, so nothing is known of its profiles. */
  outcome: "clean" | "changes" | "incomplete";
}

/** A `drift --format json` file, checked against the report's schema; never throws. */
export function readReportFile(path: string): ReportInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { source: path, problem: `cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { source: path, problem: "not JSON: was it written by `pulumi-profiles drift --format json`?" };
  }
  const parsed = DriftReport.safeParse(json);
  if (!parsed.success) return { source: path, problem: `not a drift report of version ${REPORT_VERSION}: ${parsed.error.issues[0]?.path.join(".") || "(top)"}: ${parsed.error.issues[0]?.message}` };
  return { source: path, report: parsed.data };
}

export function summarize(inputs: ReportInput[], expected: string[] = []): FleetSummary {
  const byStack = new Map<string, ShardSummary>();
  const unreadable: ShardSummary[] = [];
  for (const input of inputs) {
    if ("problem" in input) {
      unreadable.push({ source: input.source, problem: input.problem });
      continue;
    }
    const { stack } = input.report;
    // Two reports of one stack: which one holds is a guess, so neither is taken.
    byStack.set(stack, byStack.has(stack) ? { stack, problem: "two reports of this stack were given; neither is shown" } : { stack, report: input.report });
  }
  for (const stack of expected) if (!byStack.has(stack)) byStack.set(stack, { stack, problem: "no report: its drift job failed or kept none (see that job's log), so nothing is known of its profiles" });
  const order = [...expected, ...[...byStack.keys()].filter((s) => !expected.includes(s)).sort()];
  const shards = [...order.map((stack) => byStack.get(stack)!), ...unreadable];

  const reports = shards.flatMap((s) => ("report" in s ? [s.report] : []));
  const counts = { profiles: 0, inSync: 0, drifted: 0, pending: 0, conflicts: 0, gone: 0 };
  for (const report of reports) for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += report.counts[key];
  const outcome = shards.some((s) => "problem" in s) ? "incomplete" : reports.some((r) => r.outcome === "changes") ? "changes" : "clean";
  return { shards, counts, outcome };
}

/** As `drift`'s: 0 every stack clean, 2 drift or changes not yet applied in any, 1 a stack without a report. */
export function summaryExitStatus(summary: FleetSummary): number {
  return { clean: 0, changes: 2, incomplete: 1 }[summary.outcome];
}

/** A stack's outcome, and the whole fleet's. */
const OUTCOME_WORDS = { clean: "clean", changes: "changes", incomplete: "incomplete" } as const;

export function renderSummary(summary: FleetSummary): string {
  const reports = summary.shards.flatMap((s) => ("report" in s ? [s.report] : []));
  const projects = [...new Set(reports.map((r) => r.project))];
  const stacks = summary.shards.length;
  const heading = `## Profile drift: ${stacks} ${stacks === 1 ? "stack" : "stacks"}${projects.length === 1 ? ` of project ${mdCode(projects[0]!, false)}` : ""}`;
  const withChanges = reports.filter((r) => r.outcome === "changes").length;
  const missing = stacks - reports.length;
  const tally = [withChanges ? `${withChanges} with changes` : "", reports.length - withChanges ? `${reports.length - withChanges} clean` : "", missing ? `${missing} without a report` : ""].filter(Boolean).join(", ");

  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const countCells = (c: DriftReport["counts"]) => [c.profiles, c.drifted, c.conflicts, c.pending, c.gone].map(String);
  const rows = summary.shards.map((shard) => {
    if ("report" in shard) return row([mdCode(shard.stack, true), OUTCOME_WORDS[shard.report.outcome], ...countCells(shard.report.counts)]);
    return row([mdCode(shard.stack ?? shard.source ?? "", true), "**no report**", "—", "—", "—", "—", "—"]);
  });

  const sections = summary.shards.map((shard) => {
    if ("report" in shard) return renderReport(shard.report, "markdown").trimEnd();
    const what = shard.stack !== undefined ? `stack ${mdCode(shard.stack, false)}` : mdCode(shard.source ?? "", false);
    return `### Profile drift: ${what}\n\n${mdText(shard.problem)}.`;
  });

  return [
    heading,
    "",
    `**${stacks} ${stacks === 1 ? "stack" : "stacks"}: ${tally}. ${mdText(countsSentence(summary.counts))}.**`,
    "",
    row(["Stack", "Outcome", "Profiles", "Drifted", "Conflicts", "Not yet applied", "Gone"]),
    "|---|---|---|---|---|---|---|",
    ...rows,
    row(["**all**", `**${OUTCOME_WORDS[summary.outcome]}**`, ...countCells(summary.counts)]),
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n").trimEnd() + "\n";
}
