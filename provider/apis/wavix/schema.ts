import * as z from "zod/mini";
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
export const companyInfoSchema = z.strictObject({
  name: z.optional(z.string()).register(z.globalRegistry, { description: "Company name." }),
  industry: z
    .optional(z.enum(INDUSTRIES, { message: `expected one of Wavix's industries: ${INDUSTRIES.join(", ")}` }))
    .register(z.globalRegistry, {
      description: "Industry the company operates in, one of Wavix's 13 values (telecommunications, other, …).",
      source: "Wavix/wavix-node-sdk ProfileUpdateRequest.ts (CompanyInfo.Industry); Wavix/wavix-ruby-sdk profile_update_request_company_info_industry.rb",
    }),
  billing_address: z.optional(z.string()).register(z.globalRegistry, { description: "Billing address.", readFrom: "company_info.address" }),
  attn_contact_name: z.optional(z.string()).register(z.globalRegistry, { description: "Billing contact name." }),
  vat_number: z.optional(z.string()).register(z.globalRegistry, { description: "VAT number." }),
  country_code: z.optional(countryCode()).register(z.globalRegistry, { description: "ISO 3166-1 alpha-2 country code.", readFrom: "company_info.country.country_name" }),
});

/**
 * Digits with the separators people write (docs.wavix.com retrieve-a-profile shows both
 * "13291019312" and "+12025550123"); 7 to 15 digits as E.164 allows.
 */
const PHONE = /^\+?[0-9][0-9 ().-]*$/;
const phoneDigits = (value: string) => value.replace(/\D/g, "").length;

export const profileSchema = z.strictObject({
  additional_info: z.optional(z.string()).register(z.globalRegistry, { description: "Additional information associated with the account." }),
  contacts: z.optional(email()).register(z.globalRegistry, {
    description: "Billing-notification email.",
    readFrom: "contact_email",
    source: "wavix.com/api/rest/api-endpoints/profile/update-customer-info; Wavix/wavix-node-sdk profile.interface.d.ts (UpdateCustomerInfoPayload.contact_email)",
  }),
  default_short_link_endpoint: z.optional(httpUrl()).register(z.globalRegistry, { description: "Default short link endpoint." }),
  first_name: z.optional(z.string()).register(z.globalRegistry, { description: "Account owner's first name." }),
  last_name: z.optional(z.string()).register(z.globalRegistry, { description: "Account owner's last name." }),
  phone: z
    .optional(
      z.string().check(
        z.refine((p) => PHONE.test(p) && phoneDigits(p) >= 7 && phoneDigits(p) <= 15, {
          message: "expected a phone number of 7 to 15 digits, optionally starting with + and separated by spaces, dots, dashes or parentheses",
        }),
      ),
    )
    .register(z.globalRegistry, { description: "Account owner's phone number.", source: "docs.wavix.com/api-reference/profile/retrieve-a-profile (examples 13291019312, +12025550123); E.164 (at most 15 digits)" }),
  sms_relay_url: z.optional(httpUrl()).register(z.globalRegistry, {
    description: "Callback URL to forward inbound SMS to.",
    readFrom: "default_destinations[] item with transport sms",
    source: "docs.wavix.com/api-reference/profile/retrieve-a-profile (default_destinations example)",
  }),
  dlr_relay_url: z.optional(httpUrl()).register(z.globalRegistry, {
    description: "Callback URL to forward delivery reports to.",
    readFrom: "default_destinations[] item whose transport names DLRs or delivery",
    source: "docs.wavix.com/messaging/webhooks-delivery-reports (the transport value is not documented)",
  }),
  time_zone: z.optional(timeZone()).register(z.globalRegistry, { description: "Time zone configured on the account.", readFrom: "timezone" }),
  job_title: z.optional(z.string()).register(z.globalRegistry, { description: "Account owner's job title." }),
  company_info: z.optional(companyInfoSchema).register(z.globalRegistry, { description: "Company details." }),
});

export type WavixProfile = z.infer<typeof profileSchema>;

/** The profile object that GET and PUT answer with (response names differ from request names). */
export const profileResponseSchema = z.looseObject({
  id: z.optional(z.number()),
  email: z.nullish(z.string()),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
  phone: z.nullish(z.string()),
  additional_info: z.nullish(z.string()),
  contact_email: z.nullish(z.string()),
  timezone: z.nullish(z.string()),
  job_title: z.nullish(z.string()),
  default_short_link_endpoint: z.nullish(z.string()),
  // Items' fields are optional in wavix-node-sdk src/api/types/ProfileResponse.ts.
  default_destinations: z.nullish(z.array(z.looseObject({ transport: z.nullish(z.string()), value: z.nullish(z.string()) }))),
  company_info: z.nullish(
    z.object({
      name: z.nullish(z.string()),
      industry: z.nullish(z.string()),
      address: z.nullish(z.string()),
      attn_contact_name: z.nullish(z.string()),
      vat_number: z.nullish(z.string()),
      country: z.nullish(z.object({ country_name: z.nullish(z.string()), country_id: z.nullish(z.number()) })),
    }),
  ),
});

export type WavixProfileResponse = z.infer<typeof profileResponseSchema>;

/** Wavix's error body: `{success:false, error:true, message}` (field details where it gives them). */
export const errorResponseSchema = z.looseObject({
  success: z.optional(z.boolean()),
  error: z.optional(z.union([z.boolean(), z.string()])),
  message: z.optional(z.string()),
  errors: z.optional(z.record(z.string(), z.union([z.array(z.string()), z.string()]))),
});
