import type { DriftReport } from "../report";
import { renderMarkdown } from "./markdown";
import { withoutSecretValues } from "./secrets";
import { renderText } from "./text";

export type ReportFormat = "text" | "markdown" | "json";

/** The drift report in one format; every format, JSON included, first drops any secret value. */
export function renderReport(report: DriftReport, format: ReportFormat): string {
  const safe = withoutSecretValues(report);
  switch (format) {
    case "text":
      return renderText(safe);
    case "markdown":
      return renderMarkdown(safe);
    case "json":
      return JSON.stringify(safe, null, 2) + "\n";
  }
}
