import type { ProfileAdapter } from "../../engine";
import { fieldRules } from "./fieldMap";
import { locatorSchema, profileSchema } from "./schema";

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
  crossFieldRules: (inputs) =>
    inputs.sid === undefined
      ? (["FriendlyName", "Email", "PolicySid"] as const)
          .filter((field) => inputs[field] === undefined)
          .map((property) => ({ property, reason: "required to create a Customer-Profile (or give sid to adopt an existing one)" }))
      : [],
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).TwilioClient.fromSettings(settings),
} satisfies ProfileAdapter;
