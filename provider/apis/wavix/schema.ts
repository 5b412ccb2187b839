import { z } from "zod";
import { countryCode, email, httpUrl, text, timeZone } from "../../validation";

/**
 * The request fields of `PUT /v1/profile`, named as the request names them. Wavix documents
 * no length limits; the limits here only catch obvious mistakes before a request.
 */
export const companyInfoSchema = z
  .object({
    name: text(255).optional().describe("Company name."),
    industry: text(255).optional().describe("Industry, e.g. telecommunications."),
    billing_address: text(1024).optional().describe("Billing address (returned by Wavix as company_info.address)."),
    attn_contact_name: text(255).optional().describe("Billing contact name."),
    vat_number: text(64).optional().describe("VAT number."),
    country_code: countryCode().optional().describe("ISO 3166-1 alpha-2 country code (returned by Wavix as company_info.country)."),
  })
  .strict();

export const profileSchema = z
  .object({
    additional_info: text(1024).optional().describe("Additional information associated with the account."),
    contacts: email().optional().describe("Email associated with the account."),
    default_short_link_endpoint: httpUrl().optional().describe("Default short link endpoint."),
    first_name: text(255).optional().describe("Account owner's first name."),
    last_name: text(255).optional().describe("Account owner's last name."),
    phone: z.string().regex(/^\+?[0-9]{7,15}$/, { message: "expected a phone number of 7 to 15 digits, optionally starting with +" }).optional().describe("Account owner's phone number."),
    sms_relay_url: httpUrl().optional().describe("Callback URL to forward inbound SMS to."),
    dlr_relay_url: httpUrl().optional().describe("Callback URL to forward message delivery reports (DLRs) to."),
    time_zone: timeZone().optional().describe("Time zone configured on the account (returned by Wavix as timezone)."),
    job_title: text(255).optional().describe("Account owner's job title."),
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
    default_destinations: z.array(z.object({ transport: z.string(), value: z.string() })).nullish(),
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
