import type { ProfileAdapter } from "../../engine";
import { TwoSmsClient } from "./client";
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
  connect: (settings) => TwoSmsClient.fromSettings(settings),
} satisfies ProfileAdapter;
