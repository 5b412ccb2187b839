import type { FieldRule, FlatProfile, ReadResult } from "../../engine";
import type { CustomerProfile, CustomerProfileOutputs } from "./schema";

export const fieldRules: Record<string, FieldRule> = {
  PolicySid: { replaceOnChange: true },
  // draft → pending-review only: Twilio refuses a status transition back (its status machine).
  Status: { oneWay: true },
  Email: { normalize: (v) => (typeof v === "string" ? v.trim().toLowerCase() || null : v) },
  // A set: Twilio lists assignments in no promised order, and one object is assigned once.
  EntityAssignments: {
    normalize: (v) => (Array.isArray(v) ? [...new Set(v)].sort().join(",") || null : (v ?? null)),
    // What a bundle can hold (twilio.com/docs/trusthub/api/customer-profile-entity-assignment).
    references: { IT: "EndUser", RD: "SupportingDocument", BU: "CustomerProfile" },
  },
};

/**
 * Twilio's status → what the program asked for. Once submitted (pending-review), Twilio moves
 * the profile to in-review and then approves it: all of that satisfies a program that asked
 * for pending-review. A rejected profile does not; the raw status stays in the `status` output.
 */
export function requestedStatus(status: string): string {
  if (EDITABLE_STATUSES.includes(status)) return status;
  return "pending-review";
}

/** The statuses in which Twilio accepts edits to a Customer-Profile's fields. */
export const EDITABLE_STATUSES: readonly string[] = ["draft", "twilio-rejected"];

/**
 * The profile as the program sees it; `assignments` (the Sids of the objects it holds) only when
 * they were listed, which a read does only for a program that manages them.
 */
export function readResultFrom(profile: CustomerProfile, assignments?: readonly string[]): ReadResult {
  const fields: FlatProfile = {
    ...(assignments ? { EntityAssignments: [...assignments].sort() } : {}),
    FriendlyName: profile.friendly_name ?? null,
    Email: profile.email ?? null,
    PolicySid: profile.policy_sid ?? null,
    StatusCallback: profile.status_callback ?? null,
    Status: requestedStatus(profile.status),
  };
  const outputs: CustomerProfileOutputs = {
    sid: profile.sid,
    account_sid: profile.account_sid ?? null,
    policy_sid: profile.policy_sid ?? null,
    status: profile.status,
    valid_until: profile.valid_until ?? null,
    date_created: profile.date_created ?? null,
    date_updated: profile.date_updated ?? null,
    url: profile.url ?? null,
    errors: profile.errors ?? null,
  };
  return { fields, outputs: outputs as unknown as Record<string, unknown>, ...(profile.account_sid ? { account: profile.account_sid } : {}) };
}

const CREATE_PARAMS = new Set(["FriendlyName", "Email", "PolicySid", "StatusCallback"]);
const UPDATE_PARAMS = new Set(["FriendlyName", "Email", "StatusCallback", "Status"]);

/** Form parameters of the create or the update call: PolicySid is fixed at creation, Status is set by updates. */
export function formFromFields(fields: FlatProfile, call: "create" | "update"): URLSearchParams {
  const allowed = call === "create" ? CREATE_PARAMS : UPDATE_PARAMS;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (allowed.has(name)) form.set(name, value === null ? "" : String(value));
  return form;
}
