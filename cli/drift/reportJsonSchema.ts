import * as z from "zod";
import { DriftReport, REPORT_VERSION } from "./report";

/**
 * docs/drift-report.schema.json, for readers of `drift --format json` who validate or generate
 * types in another language. Generated from the input side of DriftReport: that leaves objects
 * open to keys a reader does not know yet, which is the promise REPORT_VERSION makes (an added
 * optional key keeps the version; a reader's schema must not reject it).
 */
export function driftReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DriftReport, { io: "input" }),
    title: `pulumi-profiles drift report, version ${REPORT_VERSION}`,
    description: "What `pulumi-profiles drift --format json` prints: per profile and per field, what changed outside Pulumi and what the program changes. Secret fields carry no values.",
  };
}
