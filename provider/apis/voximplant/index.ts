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
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).VoximplantClient.fromSettings(settings),
} satisfies ProfileAdapter;
