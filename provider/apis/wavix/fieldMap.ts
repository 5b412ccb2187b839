import type { FieldRule, FlatProfile, Scalar } from "../../engine";
import { flatten, unflatten } from "../../engine";
import { countryCodeFromName } from "../../validation";
import type { WavixProfileResponse } from "./schema";

/**
 * Request names ↔ response names. Every request field is readable, so drift in any of them
 * shows; the response renames six of them:
 * - `time_zone` → `timezone`; `company_info.billing_address` → `company_info.address`;
 *   `company_info.country_code` → `company_info.country.country_name`
 *   (docs.wavix.com/api-reference/profile/update-a-profile and retrieve-a-profile).
 * - `contacts` → `contact_email`, the billing-notification email. The older API took the same
 *   value under the response's own name: `contact_email` in `UpdateCustomerInfoPayload`
 *   (Wavix/wavix-node-sdk lib/cjs/types/services/profile/profile.interface.d.ts) and
 *   wavix.com/api/rest/api-endpoints/profile/update-customer-info ("User's contact email …
 *   used to send invoices and email notifications"); the response documents `contact_email` as
 *   "Additional email address for billing notifications".
 * - `sms_relay_url` → the `default_destinations` item with transport `sms`: the documented
 *   example is `{transport: "sms", value: "https://webhook.address.com/inboundSMS"}`
 *   (retrieve-a-profile) and the older SDK wrote it as exactly that item
 *   (`UpdateCustomerInfoPayloadDefaultDestinations {transport: "sms"}`, same .d.ts).
 * - `dlr_relay_url` → the `default_destinations` item for delivery reports. The DLR webhook
 *   lives in the same "Default destinations" settings tab as the inbound-SMS one
 *   (docs.wavix.com/messaging/webhooks-delivery-reports), but no document names its transport
 *   value, so any transport naming DLRs or delivery counts (`dlr`, `sms_dlr`, `delivery_report`).
 */
export const fieldRules: Record<string, FieldRule> = {
  "company_info.country_code": { normalize: (v: Scalar) => (typeof v === "string" ? v.trim().toUpperCase() || null : v) },
  contacts: { normalize: (v: Scalar) => (typeof v === "string" ? v.trim().toLowerCase() || null : v) },
};

export const SMS_TRANSPORT = /^sms$/i;
export const DLR_TRANSPORT = /dlr|deliver/i;

function destination(response: WavixProfileResponse, transport: RegExp): string | null {
  const found = (response.default_destinations ?? []).find((d) => typeof d.transport === "string" && transport.test(d.transport));
  return found?.value ?? null;
}

/** GET/PUT response → request-named flat profile. */
export function fieldsFromResponse(response: WavixProfileResponse): FlatProfile {
  const company = response.company_info ?? {};
  const countryName = company.country?.country_name ?? undefined;
  const nested = {
    additional_info: response.additional_info,
    contacts: response.contact_email,
    default_short_link_endpoint: response.default_short_link_endpoint,
    first_name: response.first_name,
    last_name: response.last_name,
    phone: response.phone,
    sms_relay_url: destination(response, SMS_TRANSPORT),
    dlr_relay_url: destination(response, DLR_TRANSPORT),
    time_zone: response.timezone,
    job_title: response.job_title,
    company_info: {
      name: company.name,
      industry: company.industry,
      billing_address: company.address,
      attn_contact_name: company.attn_contact_name,
      vat_number: company.vat_number,
      country_code: countryName ? (countryCodeFromName(countryName) ?? null) : null,
    },
  };
  const flat = flatten(nested);
  for (const [path, value] of Object.entries(flat)) if (value === undefined) flat[path] = null;
  return flat;
}

/** Flat patch → PUT body: request names, company_info nested. */
export function requestBodyFromPatch(patch: FlatProfile): Record<string, unknown> {
  return unflatten(patch);
}
