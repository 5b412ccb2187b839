import type { core } from "zod/mini";
import { UNKNOWN } from "./fields";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** "company_info.country_code", "contacts[0]": the way a user would point at the input. */
export function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/**
 * zod issues → Pulumi check failures. Values still unknown during preview cannot be judged yet,
 * so their issues are dropped; they are checked again when known.
 */
export function checkFailuresFrom(error: core.$ZodError, input: unknown): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const issue of error.issues) {
    if (valueAt(input, issue.path) === UNKNOWN) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        failures.push({ property: propertyPath([...issue.path, key]), reason: "unknown field: not an input of this resource" });
      }
      continue;
    }
    failures.push({ property: propertyPath(issue.path) || "(inputs)", reason: issue.message });
  }
  return failures;
}
