import * as z from "zod/mini";
import { email, httpUrl, text, timeZone } from "../../validation";
import { BILLING_COUNTRY_CODES, LANGUAGE_CODES } from "./documentedLists";

const password = () =>
  z.string().check(
    z.minLength(8, { message: "expected at least 8 characters" }),
    z.refine((p) => /[A-Z]/.test(p) && /[a-z]/.test(p) && /[0-9]/.test(p) && /[^A-Za-z0-9]/.test(p), {
      message: "expected at least one uppercase letter, one lowercase letter, one number and one special character",
    }),
  );

/** Every documented SetAccountInfo parameter, with the documented rules. */
export const profileSchema = z.strictObject({
  new_account_email: z.optional(email()).register(z.globalRegistry, { description: "The account email.", readFrom: "account_email", source: "voximplant.com/docs/references/httpapi/errors (128, 136: email not unique or invalid)" }),
  new_account_password: z
    .optional(password())
    .register(z.globalRegistry, { description: "The account password: at least 8 characters with upper- and lowercase letters, a number and a special character." }),
  language_code: z
    .optional(z.string().check(z.refine((code) => LANGUAGE_CODES.has(code), { message: "expected a two-letter ISO 639-1 code from the SetAccountInfo list, such as en or de" })))
    .register(z.globalRegistry, { description: "Notification language, ISO 639-1 (two letters) from the documented list." }),
  location: z.optional(timeZone()).register(z.globalRegistry, { description: "Account location as a time zone, e.g. America/Los_Angeles or Etc/GMT-8." }),
  account_first_name: z.optional(text(49)).register(z.globalRegistry, { description: "First name.", source: "voximplant.com/docs/references/httpapi/errors (163: under 50 characters)" }),
  account_last_name: z.optional(text(49)).register(z.globalRegistry, { description: "Last name.", source: "voximplant.com/docs/references/httpapi/errors (164: under 50 characters)" }),
  min_balance_to_notify: z
    .optional(z.number().check(z.nonnegative({ message: "expected a number ≥ 0" })))
    .register(z.globalRegistry, { description: "Balance below which Voximplant notifies by email or SMS.", source: "voximplant.com/docs/references/httpapi/errors (125)" }),
  account_notifications: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether Voximplant notifications are required." }),
  tariff_changing_notifications: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether to receive emails about plan changes." }),
  news_notifications: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether to receive emails about Voximplant news." }),
  send_js_error: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether to receive emails about JS scenario errors." }),
  billing_address_name: z.optional(text(199)).register(z.globalRegistry, { description: "Company or businessman name.", source: "voximplant.com/docs/references/httpapi/errors (205)" }),
  billing_address_country_code: z
    .optional(
      z.string().check(z.refine((code) => BILLING_COUNTRY_CODES.has(code), { message: "expected an ISO 3166-1 alpha-2 code from the SetAccountInfo list, such as US or DE" })),
    )
    .register(z.globalRegistry, { description: "Billing country, ISO 3166-1 alpha-2 from the documented list." }),
  billing_address_address: z.optional(text(511)).register(z.globalRegistry, { description: "Billing address (cannot be deleted later, only changed).", source: "voximplant.com/docs/references/httpapi/errors (206)" }),
  billing_address_zip: z.optional(text(29)).register(z.globalRegistry, { description: "Office ZIP.", source: "voximplant.com/docs/references/httpapi/errors (207)" }),
  billing_address_phone: z.optional(text(29)).register(z.globalRegistry, { description: "Office phone number.", source: "voximplant.com/docs/references/httpapi/errors (208)" }),
  account_custom_data: z.optional(text(8191)).register(z.globalRegistry, { description: "Custom data.", source: "voximplant.com/docs/references/httpapi/errors (211)" }),
  callback_url: z.optional(httpUrl()).register(z.globalRegistry, { description: "URL Voximplant POSTs account events to." }),
  callback_salt: z
    .optional(
      z.string().check(
        z.minLength(1, { message: "expected a non-empty salt" }),
        z.maxLength(39, { message: "expected fewer than 40 characters (Voximplant error 399)" }),
      ),
    )
    .register(z.globalRegistry, {
      description: "Salt for the MD5 hash Voximplant adds to callbacks. Readable (AccountInfoType returns it), so drift shows.",
      source: "error 399 CALLBACK_SALT_INVALID \"length should be less than 40\" (@voximplant/apiclient-nodejs dist/Enums.d.ts); voximplant.com/docs/guides/managementapi/callbacks",
    }),
  store_outbound_sms: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether to store outgoing message texts.", source: "voximplant.com/docs/references/httpapi/accountinfotype (not in the read response)" }),
  store_inbound_sms: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether to store incoming message texts.", source: "voximplant.com/docs/references/httpapi/accountinfotype (not in the read response)" }),
});

export type VoximplantAccountInfo = z.infer<typeof profileSchema>;

/** credentials.json of a Voximplant service account. */
export const credentialsSchema = z.looseObject({
  account_id: z.union([z.number().check(z.int(), z.positive()), z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number))]),
  key_id: z.string().check(z.minLength(1)),
  private_key: z.string().check(z.includes("PRIVATE KEY", { message: "expected a PEM private key" })),
  account_email: z.optional(z.string()),
});

export type ServiceAccountCredentials = z.infer<typeof credentialsSchema>;

/** GetAccountInfo's AccountInfoType, the fields this provider reads. */
export const accountInfoSchema = z.looseObject({
  account_id: z.number(),
  account_email: z.nullish(z.string()),
  language_code: z.nullish(z.string()),
  location: z.nullish(z.string()),
  account_first_name: z.nullish(z.string()),
  account_last_name: z.nullish(z.string()),
  min_balance_to_notify: z.nullish(z.number()),
  account_notifications: z.nullish(z.boolean()),
  tariff_changing_notifications: z.nullish(z.boolean()),
  news_notifications: z.nullish(z.boolean()),
  send_js_error: z.nullish(z.boolean()),
  billing_address_name: z.nullish(z.string()),
  billing_address_country_code: z.nullish(z.string()),
  billing_address_address: z.nullish(z.string()),
  billing_address_zip: z.nullish(z.string()),
  billing_address_phone: z.nullish(z.string()),
  account_custom_data: z.nullish(z.string()),
  callback_url: z.nullish(z.string()),
  // AccountInfoType lists callback_salt (voximplant.com/docs/references/httpapi/accountinfotype;
  // apiclient-nodejs dist/Structures.d.ts AccountInfo.callbackSalt).
  callback_salt: z.nullish(z.string()),
});

export type AccountInfo = z.infer<typeof accountInfoSchema>;

/** Any Management API answer: `result` on success, `error{msg,code}` on failure (often with HTTP 200). */
export const envelopeSchema = z.looseObject({
  result: z.optional(z.unknown()),
  error: z.optional(z.object({ msg: z.string(), code: z.number() })),
});
