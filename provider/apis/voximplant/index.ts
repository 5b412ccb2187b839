import type { ProfileAdapter } from "../../engine";
import { fieldRules } from "./fieldMap";
import { profileSchema } from "./schema";

export { profileSchema, type VoximplantAccountInfo } from "./schema";

/** Voximplant: the account behind a service account, GetAccountInfo / SetAccountInfo, JWT auth. */
export const adapter = {
  name: "voximplant",
  displayName: "Voximplant",
  resourceName: "AccountInfo",
  profileSchema,
  fieldRules,
  singletonId: "account",
  baseUrlSetting: "voximplant:baseUrl",
  reference: {
    source: "voximplant.com/docs/references/httpapi/accounts#setaccountinfo",
    requests: {
      create: "adopts the account: `POST /platform_api/GetAccountInfo`, then one `POST /platform_api/SetAccountInfo` with only the fields that differ (none when nothing differs)",
      read: "`POST /platform_api/GetAccountInfo`",
      update: "one `POST /platform_api/SetAccountInfo` with the changed fields in the query string, and `new_account_password` and `callback_salt` in a form body; signed with a service-account JWT",
      delete: "none: the account is forgotten; with `restoreOnDelete`, `GetAccountInfo` then one `SetAccountInfo` writing back the remembered originals",
    },
  },
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).VoximplantClient.fromSettings(settings),
} satisfies ProfileAdapter;
