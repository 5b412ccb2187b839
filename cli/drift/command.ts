import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { listResourceTypes } from "../../provider/engine/registry";
import { buildReport } from "./analyze";
import { collect } from "./collect";
import { renderReport } from "./render";
import { readReportFile, renderSummary, summarize, summaryExitStatus } from "./summary";
import type { CommandIo } from "../main";

export const DRIFT_USAGE = `Usage: pulumi-profiles drift [--stack NAME] [--format text|markdown|json] [--summary-file PATH]

Inside a Pulumi project: reads every profile of the stack (the selected one, or --stack) and
reports, field by field, what changed outside Pulumi since the last \`pulumi up\`, what the
program changes that is not applied yet, and where both moved. Secrets show only as changed.
Read-only: it runs \`pulumi preview --refresh\` of the project's own program (one read per
profile, as that preview sends) and reads its engine events, the stream Pulumi's Automation API
reads; it writes no state and no API.

  --format        text (default), markdown (a table for a GitHub step summary, an issue or a
                  merge-request note), json (the shape in docs/drift-report.schema.json)
  --summary-file  also append the markdown report to PATH (e.g. "$GITHUB_STEP_SUMMARY")

Exit status: 0 clean, 2 drift or changes not yet applied, 1 error. The report goes to stdout,
progress to stderr.`;

const FORMATS = ["text", "markdown", "json"] as const;
type Format = (typeof FORMATS)[number];

export async function drift(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { stack: { type: "string", short: "s" }, format: { type: "string" }, "summary-file": { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${DRIFT_USAGE}\n`);
    return 1;
  }
  if (values.help) {
    io.err(`${DRIFT_USAGE}\n`);
    return 0;
  }
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) {
    io.err(`unknown --format ${values.format}: one of ${FORMATS.join(", ")}\n\n${DRIFT_USAGE}\n`);
    return 1;
  }
  const progress = (line: string) => io.err(`[pulumi-profiles] ${line}\n`);
  try {
    const seen = await collect({ cwd: io.cwd, stack: values.stack, env: io.env, progress });
    const types = listResourceTypes();
    const displayNames = new Map(types.map((a) => [a.name, a.displayName]));
    const rules = new Map(types.map((a) => [`${a.name}:${a.resourceName}`, a.fieldRules]));
    const report = buildReport(seen, {
      displayName: (api) => displayNames.get(api),
      ruleFor: (api, path, resourceName) => rules.get(`${api}:${resourceName}`)?.[path] ?? {},
    });
    io.out(renderReport(report, format));
    if (values["summary-file"]) appendFileSync(values["summary-file"], renderReport(report, "markdown") + "\n");
    return report.outcome === "clean" ? 0 : 2;
  } catch (err) {
    progress(`drift report failed: ${(err as Error).message}`);
    return 1;
  }
}

export const DRIFT_SUMMARY_USAGE = `Usage: pulumi-profiles drift-summary [--expect STACK,…] [--summary-file PATH] REPORT.json…

Combines the reports of \`pulumi-profiles drift --format json\`, one per stack (a fleet's shards,
each reported by a job of its own), into one markdown summary: a row per stack and the totals,
then each stack's own report, profiles named with their account. Reads only the files given.

  --expect        the stacks that should have reported, comma-separated: one without a report
                  (its drift job failed) is named in the summary
  --summary-file  also append the summary to PATH (e.g. "$GITHUB_STEP_SUMMARY")

Exit status, the worst of the stacks': 0 all clean, 2 drift or changes not yet applied in any,
1 a stack without a report, or a file that is not one. The summary goes to stdout either way.`;

export function driftSummary(argv: string[], io: CommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { expect: { type: "string" }, "summary-file": { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${DRIFT_SUMMARY_USAGE}\n`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.err(`${DRIFT_SUMMARY_USAGE}\n`);
    return 0;
  }
  const expected = (values.expect ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (positionals.length === 0 && expected.length === 0) {
    io.err(`name the report files\n\n${DRIFT_SUMMARY_USAGE}\n`);
    return 1;
  }
  const summary = summarize(positionals.map((path) => readReportFile(resolve(io.cwd, path))), expected);
  const markdown = renderSummary(summary);
  io.out(markdown);
  if (values["summary-file"]) appendFileSync(values["summary-file"], markdown + "\n");
  return summaryExitStatus(summary);
}
