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
  reference: {
    source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3)",
    requests: {
      create: "adopts the account: `GET api/v1/admin/accounts` (only without `accountId`, to find the API client's own), `GET api/v2/admin/accounts/{id}`, then one `PUT api/v2/admin/accounts/{id}` when a field differs; an OAuth2 `POST /Token` first, reused for hours",
      read: "`GET api/v2/admin/accounts/{id}`",
      update: "one `PUT api/v2/admin/accounts/{id}` (JSON or XML) with the changed fields plus the five 2sms requires on every write; a GET first when one of those five is not set by the program, so the PUT repeats its current value",
      delete: "none: the account is forgotten; with `restoreOnDelete`, a GET then one PUT writing back the remembered originals",
    },
  },
  // Account IDs are GUIDs, one account in any letter case (the API compares them as GUIDs).
  idFromLocator: (locator) => (typeof locator.accountId === "string" ? locator.accountId.toLowerCase() : undefined),
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).TwoSmsClient.fromSettings(settings),
} satisfies ProfileAdapter;
