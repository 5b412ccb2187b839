import { z } from "zod";
import { email, httpUrl, text, timeZone } from "../../validation";
import { BILLING_COUNTRY_CODES, LANGUAGE_CODES } from "./documentedLists";

const password = () =>
  z
    .string()
    .min(8, { message: "expected at least 8 characters" })
    .refine((p) => /[A-Z]/.test(p) && /[a-z]/.test(p) && /[0-9]/.test(p) && /[^A-Za-z0-9]/.test(p), {
      message: "expected at least one uppercase letter, one lowercase letter, one number and one special character",
    });

/** Every documented SetAccountInfo parameter, with the documented rules. */
export const profileSchema = z
  .object({
    new_account_email: email().optional().describe("The account email (read back as account_email)."),
    new_account_password: password().optional().describe("The account password: at least 8 characters with upper- and lowercase letters, a number and a special character."),
    language_code: z
      .string()
      .refine((code) => LANGUAGE_CODES.has(code), { message: "expected a two-letter ISO 639-1 code from the SetAccountInfo list, such as en or de" })
      .optional().describe("Notification language, ISO 639-1 (two letters) from the documented list."),
    location: timeZone().optional().describe("Account location as a time zone, e.g. America/Los_Angeles or Etc/GMT-8."),
    account_first_name: text(49).optional().describe("First name."),
    account_last_name: text(49).optional().describe("Last name."),
    min_balance_to_notify: z.number().nonnegative({ message: "expected a number ≥ 0" }).optional().describe("Balance below which Voximplant notifies by email or SMS."),
    account_notifications: z.boolean().optional().describe("Whether Voximplant notifications are required."),
    tariff_changing_notifications: z.boolean().optional().describe("Whether to receive emails about plan changes."),
    news_notifications: z.boolean().optional().describe("Whether to receive emails about Voximplant news."),
    send_js_error: z.boolean().optional().describe("Whether to receive emails about JS scenario errors."),
    billing_address_name: text(199).optional().describe("Company or businessman name."),
    billing_address_country_code: z
      .string()
      .refine((code) => BILLING_COUNTRY_CODES.has(code), { message: "expected an ISO 3166-1 alpha-2 code from the SetAccountInfo list, such as US or DE" })
      .optional().describe("Billing country, ISO 3166-1 alpha-2 from the documented list."),
    billing_address_address: text(511).optional().describe("Billing address (cannot be deleted later, only changed)."),
    billing_address_zip: text(29).optional().describe("Office ZIP."),
    billing_address_phone: text(29).optional().describe("Office phone number."),
    account_custom_data: text(8191).optional().describe("Custom data."),
    callback_url: httpUrl().optional().describe("URL Voximplant POSTs account events to."),
    // Error 399 CALLBACK_SALT_INVALID: "length should be less than 40" (@voximplant/apiclient-nodejs dist/Enums.d.ts);
    // the control panel says "up to 40 characters" (voximplant.com/docs/guides/managementapi/callbacks).
    callback_salt: z
      .string()
      .min(1, { message: "expected a non-empty salt" })
      .max(39, { message: "expected fewer than 40 characters (Voximplant error 399)" })
      .optional()
      .describe("Salt for the MD5 hash Voximplant adds to callbacks (fewer than 40 characters). Secret; readable, so drift shows."),
    store_outbound_sms: z.boolean().optional().describe("Whether to store outgoing message texts."),
    store_inbound_sms: z.boolean().optional().describe("Whether to store incoming message texts."),
  })
  .strict();

export type VoximplantAccountInfo = z.infer<typeof profileSchema>;

/** credentials.json of a Voximplant service account. */
export const credentialsSchema = z
  .object({
    account_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
    key_id: z.string().min(1),
    private_key: z.string().includes("PRIVATE KEY", { message: "expected a PEM private key" }),
    account_email: z.string().optional(),
  })
  .loose();

export type ServiceAccountCredentials = z.infer<typeof credentialsSchema>;

/** GetAccountInfo's AccountInfoType, the fields this provider reads. */
export const accountInfoSchema = z
  .object({
    account_id: z.number(),
    account_email: z.string().nullish(),
    language_code: z.string().nullish(),
    location: z.string().nullish(),
    account_first_name: z.string().nullish(),
    account_last_name: z.string().nullish(),
    min_balance_to_notify: z.number().nullish(),
    account_notifications: z.boolean().nullish(),
    tariff_changing_notifications: z.boolean().nullish(),
    news_notifications: z.boolean().nullish(),
    send_js_error: z.boolean().nullish(),
    billing_address_name: z.string().nullish(),
    billing_address_country_code: z.string().nullish(),
    billing_address_address: z.string().nullish(),
    billing_address_zip: z.string().nullish(),
    billing_address_phone: z.string().nullish(),
    account_custom_data: z.string().nullish(),
    callback_url: z.string().nullish(),
    // AccountInfoType lists callback_salt (voximplant.com/docs/references/httpapi/accountinfotype;
    // apiclient-nodejs dist/Structures.d.ts AccountInfo.callbackSalt).
    callback_salt: z.string().nullish(),
  })
  .loose();

export type AccountInfo = z.infer<typeof accountInfoSchema>;

/** Any Management API answer: `result` on success, `error{msg,code}` on failure (often with HTTP 200). */
export const envelopeSchema = z
  .object({
    result: z.unknown().optional(),
    error: z.object({ msg: z.string(), code: z.number() }).optional(),
  })
  .loose();
