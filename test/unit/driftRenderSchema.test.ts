import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { renderReport } from "../../cli/drift/render";
import { driftReportJsonSchema } from "../../cli/drift/reportJsonSchema";
import * as f from "../support/driftReports";

const root = join(__dirname, "../..");
const committed = JSON.parse(readFileSync(join(root, "docs/drift-report.schema.json"), "utf8")) as Record<string, unknown>;
// strict flags unknown keywords; a union `type` (how zod writes FieldValue) is standard JSON Schema.
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(committed);

describe("docs/drift-report.schema.json", () => {
  it("matches what `npm run gen:schema` generates from the DriftReport zod schema (run it after changing report.ts)", () => {
    expect(committed).toEqual(driftReportJsonSchema());
  });

  it.each(Object.entries(f.allReports))("accepts the JSON report of %s", (_name, report) => {
    const ok = validate(JSON.parse(renderReport(report, "json")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("accepts a key it does not know yet, as the report's version promises", () => {
    expect(validate({ ...f.plainDrift, addedLater: true })).toBe(true);
  });

  const field = f.plainDrift.profiles[0]!.fields[0]!;
  it.each([
    ["another version", { ...f.plainDrift, version: 2 }],
    ["no stack", (({ stack: _stack, ...rest }) => rest)(f.plainDrift)],
    ["an outcome it does not know", { ...f.plainDrift, outcome: "dirty" }],
    ["a fractional count", { ...f.plainDrift, counts: { ...f.plainDrift.counts, drifted: 1.5 } }],
    ["a verdict it does not know", { ...f.plainDrift, profiles: [{ ...f.plainDrift.profiles[0]!, fields: [{ ...field, verdict: "drifted" }] }] }],
    ["an object for a value", { ...f.plainDrift, profiles: [{ ...f.plainDrift.profiles[0]!, fields: [{ ...field, live: { name: "Other Ltd" } }] }] }],
    ["a notice with no message", { ...f.plainDrift, profiles: [{ ...f.plainDrift.profiles[0]!, notices: [{ kind: "gone" }] }] }],
  ])("rejects a report with %s", (_what, report) => {
    expect(validate(report)).toBe(false);
  });
});
