import type { ProfileAdapter } from "../../engine";
import { EDITABLE_STATUSES, fieldRules } from "./fieldMap";
import { locatorSchema, profileSchema } from "./schema";
import { driftNotices } from "./notices";

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
