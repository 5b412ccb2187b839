import { MIN_SECRET_LENGTH } from "../http/redact";
import type { FieldRule } from "./adapter";
import type { CheckFailure } from "./checkFailures";
import type { FlatProfile } from "./fields";

/** The rule's name as check failures and configuration errors state it. */
export const SHORT_SECRET_RULE = `secrets need at least ${MIN_SECRET_LENGTH} characters: a shorter one cannot be masked safely in logs and error messages`;

/**
 * Secret inputs too short for the redactor to mask in place. Refused in check, before any
 * request, so no such secret is ever sent or echoed unmasked. Empty values are left to the
 * API's own rules: there is nothing to leak.
 */
export function shortSecretFailures(rules: Record<string, FieldRule>, profile: FlatProfile): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [path, value] of Object.entries(profile)) {
    if (!rules[path]?.secret || typeof value !== "string") continue;
    if (value.length > 0 && value.length < MIN_SECRET_LENGTH) failures.push({ property: path, reason: `expected at least ${MIN_SECRET_LENGTH} characters (${SHORT_SECRET_RULE})` });
  }
  return failures;
}
