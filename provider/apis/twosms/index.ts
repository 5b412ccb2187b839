import type { ProfileAdapter } from "../../engine";
import { fieldRules } from "./fieldMap";
import { locatorSchema, profileSchema } from "./schema";

export { profileSchema, locatorSchema, type TwoSmsAccount, type TwoSmsLocator } from "./schema";

/** 2sms (SMS+): an account by GUID, PUT api/v2/admin/accounts/{id} in JSON or XML, OAuth2 client credentials. */
export const adapter = {
  name: "twosms",
  displayName: "2sms",
  resourceName: "Account",
  profileSchema,
  locatorSchema,
  fieldRules,
  baseUrlSetting: "twosms:baseUrl",
  // Account IDs are GUIDs, one account in any letter case (the API compares them as GUIDs).
  idFromLocator: (locator) => (typeof locator.accountId === "string" ? locator.accountId.toLowerCase() : undefined),
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).TwoSmsClient.fromSettings(settings),
} satisfies ProfileAdapter;
