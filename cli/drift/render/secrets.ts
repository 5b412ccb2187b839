import type { DriftReport, FieldReport } from "../report";

/**
 * The report never carries a secret's values, but it is built elsewhere and a slip there must
 * not reach a terminal, a CI log or an issue: every format renders from this copy, where a secret
 * field has no values and any of its string values quoted in a way out reads `[secret]`.
 */
export function withoutSecretValues(report: DriftReport): DriftReport {
  return { ...report, profiles: report.profiles.map((p) => ({ ...p, fields: p.fields.map(redactField) })) };
}

function redactField(field: FieldReport): FieldReport {
  if (!field.secret) return field;
  const { lastApplied, live, program, keepLive, restoreProgram, ...rest } = field;
  // As written and as a quoted literal would escape it: a way out may quote the value either way.
  const leaked = [lastApplied, live, program]
    .filter((v): v is string => typeof v === "string" && v.length > 0)
    .flatMap((v) => [JSON.stringify(v).slice(1, -1), v]);
  const scrub = (text: string) => leaked.reduce((t, value) => t.split(value).join("[secret]"), text);
  return {
    ...rest,
    ...(keepLive === undefined ? {} : { keepLive: scrub(keepLive) }),
    ...(restoreProgram === undefined ? {} : { restoreProgram: scrub(restoreProgram) }),
  };
}
