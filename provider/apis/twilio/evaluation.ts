import type { Evaluation } from "./schema";

/**
 * Evaluation codes for a requirement whose object is missing from the bundle altogether (an end
 * user, a document), where listing each of its fields as missing too would only repeat it
 * (the A2P 10DLC ISV guide's evaluation sample: 22214, 22216).
 */
const OBJECT_MISSING = new Set([22214, 22216]);

/**
 * What a noncompliant Evaluation says is missing, in plain words: each requirement Twilio
 * did not pass, by its name, with Twilio's reason and the fields it found wrong. Pure.
 */
export function unmetRequirements(evaluation: Evaluation): string[] {
  return (evaluation.results ?? [])
    .filter((result) => result.passed !== true)
    .map((result) => {
      const name = result.requirement_friendly_name ?? result.friendly_name ?? result.requirement_name ?? "a requirement";
      const fields = (OBJECT_MISSING.has(result.error_code ?? 0) ? [] : (result.invalid ?? [])).map((f) => [f.friendly_name ?? f.object_field, f.failure_reason].filter(Boolean).join(": ")).filter(Boolean);
      const reason = result.failure_reason ?? (fields.length === 0 ? "not met" : undefined);
      return [`${name}${reason ? `: ${reason}` : ""}`, ...(fields.length > 0 ? [`(${fields.join("; ")})`] : [])].join(" ");
    });
}
