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
  reference: {
    source: "docs.wavix.com/api-reference/profile/update-a-profile",
    requests: {
      create: "adopts the account's profile: `GET /v1/profile`, then one `PUT /v1/profile` with only the fields that differ (none when nothing differs)",
      read: "`GET /v1/profile`",
      update: "one `GET /v1/profile` per run to confirm the account, then one `PUT /v1/profile` (JSON) with only the changed fields; the answer is the profile, so no GET follows",
      delete: "none: the profile is forgotten; with `restoreOnDelete`, `GET /v1/profile` then one `PUT /v1/profile` writing back the remembered originals",
    },
  },
  // The client (and its HTTP and wire-format modules) loads on first connect: check and diff never need it.
  connect: (settings) => (require("./client") as typeof import("./client")).WavixClient.fromSettings(settings),
} satisfies ProfileAdapter;
