import type { ProfileAdapter } from "../../engine";
import { fieldRules } from "./fieldMap";
import { profileSchema } from "./schema";

export { profileSchema, type WavixProfile } from "./schema";

/** Wavix: one profile per API key, `GET`/`PUT /v1/profile`, JSON, Bearer key. */
export const adapter = {
  name: "wavix",
  displayName: "Wavix",
  resourceName: "Profile",
  profileSchema,
  fieldRules,
  singletonId: "profile",
  baseUrlSetting: "wavix:baseUrl",
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).WavixClient.fromSettings(settings),
} satisfies ProfileAdapter;
