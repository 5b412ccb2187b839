import type { FieldRule, FlatProfile, Scalar } from "../../engine";
import { flatten, unflatten } from "../../engine";
import { countryCodeFromName } from "../../validation";
import type { WavixProfileResponse } from "./schema";

/**
 * Request names ↔ response names. The response renames three fields and reports the country
 * by name; three request fields never come back at all.
 */
export const fieldRules: Record<string, FieldRule> = {
  // Not in the profile response; how Wavix surfaces them (contact_email? default_destinations?)
  // is undocumented, so they are compared with what was last applied.
  contacts: { writeOnly: true },
  sms_relay_url: { writeOnly: true },
  dlr_relay_url: { writeOnly: true },
  "company_info.country_code": { normalize: (v: Scalar) => (typeof v === "string" ? v.trim().toUpperCase() || null : v) },
};

/** GET/PUT response → request-named flat profile. */
export function fieldsFromResponse(response: WavixProfileResponse): FlatProfile {
  const company = response.company_info ?? {};
  const countryName = company.country?.country_name ?? undefined;
  const nested = {
    additional_info: response.additional_info,
    default_short_link_endpoint: response.default_short_link_endpoint,
    first_name: response.first_name,
    last_name: response.last_name,
    phone: response.phone,
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
