import type { DriftReport } from "../report";

// Stand-in until the text and markdown renderers land (branch drift-render): JSON for every format.
export function renderReport(report: DriftReport, _format: "text" | "markdown" | "json"): string {
  return JSON.stringify(report, null, 2) + "\n";
}
