import type { DriftReport, FieldValue, Notice, ProfileReport, ProfileState, Verdict } from "../report";

/** The words the text and markdown reports share, so both say the same thing the same way. */

export const VERDICT_WORDS: Record<Verdict, string> = {
  drift: "changed outside Pulumi",
  program: "changed in the program, not yet applied",
  conflict: "changed both outside Pulumi and in the program: decide which stays",
  converged: "changed outside Pulumi to what the program now says: the next up records it, writes nothing",
};

export const STATE_WORDS: Record<ProfileState, string> = {
  "in-sync": "in sync",
  drifted: "drifted",
  pending: "changes not yet applied",
  conflict: "conflict",
  gone: "gone",
  new: "to be created",
  removed: "removed from the program",
};

export const NOTICE_WORDS: Record<Notice["kind"], string> = {
  gone: "gone",
  status: "status",
  expiring: "expiring",
  "pending-operation": "pending operation",
  create: "to be created",
  delete: "to be deleted",
  replace: "to be replaced",
  update: "to be updated",
  error: "error",
  info: "note",
};

/** Shown instead of any value of a secret field, whatever the report carries. */
export const SECRET_CHANGED = "[secret] changed";

/**
 * Strings JSON-quoted so that `""`, `" "` and `"null"` stay distinguishable from unset and from
 * each other (and newlines or control characters arrive escaped); null is a field the API holds
 * no value for; absent is a value the report has none of (nothing applied yet).
 */
export function showValue(value: FieldValue | undefined, unknown = false): string {
  if (unknown) return "(known after up)";
  if (value === undefined) return "—";
  if (value === null) return "(unset)";
  return JSON.stringify(value);
}

/** A profile gets a block of its own when it has something to say; the rest are counted in one line. */
export function needsAttention(profile: ProfileReport): boolean {
  return profile.state !== "in-sync" || profile.fields.length > 0 || profile.notices.length > 0;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function profilesInSync(n: number): string {
  return `${plural(n, "profile")} in sync`;
}

/** "5 profiles: 1 drifted, 1 with a conflict, 3 in sync": zero counts are left out. */
export function countsSentence(counts: DriftReport["counts"]): string {
  const parts = [
    counts.drifted ? `${counts.drifted} drifted` : "",
    counts.conflicts ? `${counts.conflicts} with ${counts.conflicts === 1 ? "a conflict" : "conflicts"}` : "",
    counts.pending ? `${counts.pending} with changes not yet applied` : "",
    counts.gone ? `${counts.gone} gone` : "",
    counts.inSync ? `${counts.inSync} in sync` : "",
  ].filter(Boolean);
  return `${plural(counts.profiles, "profile")}${parts.length ? `: ${parts.join(", ")}` : ""}`;
}
