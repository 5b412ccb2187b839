import { z } from "zod";
import { countryCode, email, httpUrl, timeZone } from "../../validation";

/**
 * `company_info.industry`: the 13 values of Wavix's own SDKs — Wavix/wavix-node-sdk
 * src/api/resources/profile/client/requests/ProfileUpdateRequest.ts (`CompanyInfo.Industry`) and
 * Wavix/wavix-ruby-sdk lib/wavix/profile/types/profile_update_request_company_info_industry.rb.
 * The GET response types the same enum, `null` when unset (wavix-node-sdk src/api/types/ProfileResponse.ts).
 */
export const INDUSTRIES = [
  "telecommunications",
  "information technology and services",
  "fintech and finance",
  "healthcare and pharmaceuticals",
  "ecommerce and retail",
  "education and research",
  "pickup and delivery",
  "transportation and logistics",
  "media and entertainment",
  "travel and hospitality",
  "non-profit and charity organizations",
  "manufacturing and industrial goods",
  "other",
] as const;

/**
 * The request fields of `PUT /v1/profile`, named as the request names them. Every field is a
 * plain optional, non-null string in Wavix's SDK types (wavix-ruby-sdk
 * lib/wavix/profile/types/profile_update_request{,_company_info}.rb: `optional: true, nullable: false`)
 * and no document states a length, so there are no length limits here: a value read from a real
 * account always passes check. Formats are checked only where the field is by nature one
 * (URL, email, time zone, country code).
 */
export const companyInfoSchema = z
  .object({
    name: z.string().optional().describe("Company name."),
    industry: z
      .enum(INDUSTRIES, { message: `expected one of Wavix's industries: ${INDUSTRIES.join(", ")}` })
      .optional()
      .describe("Industry the company operates in, one of Wavix's 13 values (telecommunications, other, …)."),
    billing_address: z.string().optional().describe("Billing address (returned by Wavix as company_info.address)."),
    attn_contact_name: z.string().optional().describe("Billing contact name."),
    vat_number: z.string().optional().describe("VAT number."),
    country_code: countryCode().optional().describe("ISO 3166-1 alpha-2 country code (returned by Wavix as company_info.country)."),
  })
  .strict();

/**
 * Digits with the separators people write (docs.wavix.com retrieve-a-profile shows both
 * "13291019312" and "+12025550123"); 7 to 15 digits as E.164 allows.
 */
const PHONE = /^\+?[0-9][0-9 ().-]*$/;
const phoneDigits = (value: string) => value.replace(/\D/g, "").length;

export const profileSchema = z
  .object({
    additional_info: z.string().optional().describe("Additional information associated with the account."),
    contacts: email().optional().describe("Billing-notification email (returned by Wavix as contact_email)."),
    default_short_link_endpoint: httpUrl().optional().describe("Default short link endpoint."),
    first_name: z.string().optional().describe("Account owner's first name."),
    last_name: z.string().optional().describe("Account owner's last name."),
    phone: z
      .string()
      .refine((p) => PHONE.test(p) && phoneDigits(p) >= 7 && phoneDigits(p) <= 15, { message: "expected a phone number of 7 to 15 digits, optionally starting with + and separated by spaces, dots, dashes or parentheses" })
      .optional()
      .describe("Account owner's phone number."),
    sms_relay_url: httpUrl().optional().describe("Callback URL to forward inbound SMS to (returned in default_destinations, transport sms)."),
    dlr_relay_url: httpUrl().optional().describe("Callback URL to forward delivery reports to (returned in default_destinations)."),
    time_zone: timeZone().optional().describe("Time zone configured on the account (returned by Wavix as timezone)."),
    job_title: z.string().optional().describe("Account owner's job title."),
    company_info: companyInfoSchema.optional().describe("Company details."),
  })
  .strict();

export type WavixProfile = z.infer<typeof profileSchema>;

/** The profile object that GET and PUT answer with (response names differ from request names). */
export const profileResponseSchema = z
  .object({
    id: z.number().optional(),
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    phone: z.string().nullish(),
    additional_info: z.string().nullish(),
    contact_email: z.string().nullish(),
    timezone: z.string().nullish(),
    job_title: z.string().nullish(),
    default_short_link_endpoint: z.string().nullish(),
    // Items' fields are optional in wavix-node-sdk src/api/types/ProfileResponse.ts.
    default_destinations: z.array(z.object({ transport: z.string().nullish(), value: z.string().nullish() }).loose()).nullish(),
    company_info: z
      .object({
        name: z.string().nullish(),
        industry: z.string().nullish(),
        address: z.string().nullish(),
        attn_contact_name: z.string().nullish(),
        vat_number: z.string().nullish(),
        country: z.object({ country_name: z.string().nullish(), country_id: z.number().nullish() }).nullish(),
      })
      .nullish(),
  })
  .loose();

export type WavixProfileResponse = z.infer<typeof profileResponseSchema>;

/** Wavix's error body: `{success:false, error:true, message}` (field details where it gives them). */
export const errorResponseSchema = z
  .object({
    success: z.boolean().optional(),
    error: z.union([z.boolean(), z.string()]).optional(),
    message: z.string().optional(),
    errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
  })
  .loose();
