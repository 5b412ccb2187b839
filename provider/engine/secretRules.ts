import { MIN_SECRET_LENGTH } from "../http/redact";
import type { FieldRule } from "./adapter";
import type { CheckFailure } from "./checkFailures";
import type { FlatProfile } from "./fields";

/** The rule's name as check failures and configuration errors state it. */
export const SHORT_SECRET_RULE = `secrets need at least ${MIN_SECRET_LENGTH} characters: a shorter one cannot be masked safely in logs and error messages`;

/**
 * Secret inputs too short for the redactor to mask in place. Refused in check, before any
 * request, so no such secret is ever sent or echoed unmasked. Empty values are left to the
 * API's own rules: there is nothing to leak. A value the stack already applied (before this
 * rule, in 0.1.0) stays accepted, so an upgrade never fails an existing stack's preview; the
 * redactor withholds any message that would contain it.
 */
export function shortSecretFailures(rules: Record<string, FieldRule>, profile: FlatProfile, applied: FlatProfile = {}): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [path, value] of Object.entries(profile)) {
    if (!rules[path]?.secret || typeof value !== "string" || applied[path] === value) continue;
    if (value.length > 0 && value.length < MIN_SECRET_LENGTH) failures.push({ property: path, reason: `expected at least ${MIN_SECRET_LENGTH} characters (${SHORT_SECRET_RULE})` });
  }
  return failures;
}
