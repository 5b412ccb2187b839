import type { ProfileAdapter } from "../../engine";
import { EDITABLE_STATUSES, fieldRules } from "./fieldMap";
import { locatorSchema, outputSchema, profileSchema } from "./schema";
import { driftNotices } from "./notices";
import { endUserAdapter, supportingDocumentAdapter } from "./bundle";
import { addressAdapter } from "./address";

export { profileSchema, locatorSchema, type TwilioCustomerProfile, type TwilioLocator, type CustomerProfileOutputs } from "./schema";

/** Twilio TrustHub Customer-Profiles: real objects, created (or adopted by Sid), updated, deleted. */
export const adapter = {
  name: "twilio",
  displayName: "Twilio",
  resourceName: "CustomerProfile",
  profileSchema,
  locatorSchema,
  fieldRules,
  deletesObjects: true,
  baseUrlSetting: "twilio:trusthubBaseUrl",
  outputSchema,
  reference: {
    source: "twilio.com/docs/trusthub/api/customer-profile",
    requests: {
      create: "with `sid`: adopts it, `GET /v1/CustomerProfiles/{Sid}` then one update when a field differs. Without: one list `GET /v1/CustomerProfiles?FriendlyName=…&PolicySid=…`, then `POST /v1/CustomerProfiles` (form-encoded `FriendlyName`, `Email`, `PolicySid`, `StatusCallback`), then an update for `Status` if the program asks for `pending-review`; an uncertain create is looked for in the list, never resent",
      read: "`GET /v1/CustomerProfiles/{Sid}`, and `GET …/EntityAssignments` when the program sets `EntityAssignments`. Preview (diff) of a submit whose assignments do not change: one `POST …/Evaluations`, which changes nothing in the bundle, so preview shows a noncompliant bundle",
      update:
        "when `EntityAssignments` changed: one `GET /v1/CustomerProfiles/{Sid}/EntityAssignments`, then a `POST …/EntityAssignments` (`ObjectSid`) per object to add and a `DELETE …/EntityAssignments/{Sid}` per one dropped; for `Status: pending-review`, one `POST …/Evaluations` first (a noncompliant bundle is refused with what Twilio lists as unmet, and nothing is submitted); then one `POST /v1/CustomerProfiles/{Sid}` (form-encoded) with only the changed fields among `FriendlyName`, `Email`, `StatusCallback`, `Status`; after an uncertain outcome a GET, then only what is still missing",
      delete: "a profile the stack created, or one adopted with `deleteOnDestroy`: `DELETE /v1/CustomerProfiles/{Sid}`; otherwise none (forgotten), or with `restoreOnDelete` a GET then one update writing back the originals",
    },
  },
  idFromLocator: (locator) => (typeof locator.sid === "string" ? locator.sid : undefined),
  // Twilio refuses every edit unless the profile is draft or rejected (the emulator and README, Twilio section).
  restoreRefusal: (live) => {
    const status = live.outputs?.status;
    return typeof status === "string" && !EDITABLE_STATUSES.includes(status) ? `Twilio allows no edits while a Customer-Profile is ${status}` : undefined;
  },
  driftNotices,
  stateMigrations: [
    {
      until: "0.1.0",
      why: "The account a profile belongs to is recorded as ownerAccount; state before it has the same value in the account_sid output.",
      migrate: (state) => (state.ownerAccount === undefined && typeof state.account_sid === "string" ? { ...state, ownerAccount: state.account_sid } : state),
    },
  ],
  crossFieldRules: (inputs) =>
    inputs.sid === undefined
      ? (["FriendlyName", "Email", "PolicySid"] as const)
          .filter((field) => inputs[field] === undefined)
          .map((property) => ({ property, reason: "required to create a Customer-Profile (or give sid to adopt an existing one)" }))
      : [],
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).TwilioClient.fromSettings(settings),
} satisfies ProfileAdapter;

export { addressAdapter, endUserAdapter, supportingDocumentAdapter };

/** The other resource types of a bundle, in the order a program usually declares them. */
export const resources = [addressAdapter, endUserAdapter, supportingDocumentAdapter] as const;
