import type { ProfileAdapter } from "../../engine";
import { VoximplantClient } from "./client";
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
  connect: (settings) => VoximplantClient.fromSettings(settings),
} satisfies ProfileAdapter;
