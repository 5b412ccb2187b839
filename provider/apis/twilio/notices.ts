import type { DriftNotice } from "../../engine";

/** How long before `valid_until` the drift report starts saying so: Twilio sends no reminder of its own that the program could see. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Twilio moves a submitted Customer-Profile by itself: in-review, then twilio-approved (with a
 * valid_until date) or twilio-rejected (with `errors`). Twilio's Customer-Profile resource
 * documents the statuses, valid_until and errors
 * (https://www.twilio.com/docs/trusthub/api/customer-profile).
 */
export function driftNotices(before: Record<string, unknown>, after: Record<string, unknown>, now: Date): DriftNotice[] {
  const notices: DriftNotice[] = [];
  const was = typeof before.status === "string" ? before.status : undefined;
  const is = typeof after.status === "string" ? after.status : undefined;
  if (was !== undefined && is !== undefined && was !== is) {
    // A rejection asks for someone to act; the way to approval (in-review, approved) is news only.
    if (is === "twilio-rejected") notices.push({ kind: "status", message: `Twilio moved the status from ${was} to ${is}${rejectionReasons(after.errors)}: fix what it names and submit again` });
    else notices.push({ kind: "info", message: `Twilio moved the status from ${was} to ${is}; \`pulumi refresh\` records it` });
  }
  const until = typeof after.valid_until === "string" ? Date.parse(after.valid_until) : NaN;
  if (!Number.isNaN(until) && until - now.getTime() < EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.ceil((until - now.getTime()) / DAY_MS);
    notices.push({ kind: "expiring", message: days <= 0 ? `the approval expired on ${after.valid_until} (valid_until)` : `the approval expires in ${days} ${days === 1 ? "day" : "days"}, on ${after.valid_until} (valid_until)` });
  }
  return notices;
}

/** Twilio's `errors` of a rejected profile, as codes with their documentation pages. */
function rejectionReasons(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return "";
  const described = errors.map((error) => {
    const { code, message } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown };
    const parts = [typeof message === "string" ? message : undefined, typeof code === "number" || typeof code === "string" ? `error ${code} (https://www.twilio.com/docs/errors/${code})` : undefined];
    return parts.filter(Boolean).join(", ") || JSON.stringify(error);
  });
  return `: ${described.join("; ")}`;
}
