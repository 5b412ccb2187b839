import type { ProfileAdapter } from "../../engine";
import { WavixClient } from "./client";
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
  connect: (settings) => WavixClient.fromSettings(settings),
} satisfies ProfileAdapter;
