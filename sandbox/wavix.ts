import { randomBytes } from "node:crypto";
import countries from "i18n-iso-countries";
import { json, type Emulator, type EmulatorRequest, type EmulatorResponse } from "./framework";

/**
 * Wavix `GET`/`PUT /v1/profile` as documented: Bearer key (or the legacy `appid` query
 * parameter), the response names (`timezone`, `company_info.address`, `country{…}`,
 * `contact_email`, `default_destinations`), partial updates, the industry enum of Wavix's SDKs,
 * and `{success:false,error:true,message}` errors. See provider/apis/wavix/fieldMap.ts for the
 * sources of each rename.
 */
export interface WavixStoredProfile {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  additional_info: string;
  contact_email: string;
  timezone: string;
  job_title: string;
  default_short_link_endpoint: string;
  default_destinations: Array<{ transport: string; value: string }>;
  company_info: {
    name: string | null;
    industry: string | null;
    address: string | null;
    attn_contact_name: string | null;
    vat_number: string | null;
    country: { country_name: string | null; country_id: number | null };
  };
}

const STRING_FIELDS = ["additional_info", "contacts", "default_short_link_endpoint", "first_name", "last_name", "phone", "sms_relay_url", "dlr_relay_url", "time_zone", "job_title"];
const COMPANY_FIELDS = ["name", "industry", "billing_address", "attn_contact_name", "vat_number", "country_code"];
const URL_FIELDS = ["default_short_link_endpoint", "sms_relay_url", "dlr_relay_url"];
/** Wavix/wavix-node-sdk ProfileUpdateRequest.CompanyInfo.Industry: the PUT refuses anything else. */
const INDUSTRIES = new Set([
  "telecommunications", "information technology and services", "fintech and finance", "healthcare and pharmaceuticals", "ecommerce and retail",
  "education and research", "pickup and delivery", "transportation and logistics", "media and entertainment", "travel and hospitality",
  "non-profit and charity organizations", "manufacturing and industrial goods", "other",
]);
/** The `default_destinations` transport each relay URL is stored under ("sms" is documented; "dlr" is this emulator's choice). */
const TRANSPORT_OF: Record<string, string> = { sms_relay_url: "sms", dlr_relay_url: "dlr" };

export function defaultWavixProfile(id = 1): WavixStoredProfile {
  return {
    id,
    email: "info@awesome.com",
    first_name: "Jason",
    last_name: "Androux",
    phone: "13291019312",
    additional_info: "Additional info",
    contact_email: "billing@awesome.com",
    timezone: "Pacific/Wallis",
    job_title: "Manager",
    default_short_link_endpoint: "https://short.examples.com",
    default_destinations: [{ transport: "sms", value: "https://webhook.address.com/inboundSMS" }],
    company_info: {
      name: "Awesome Inc",
      industry: "telecommunications",
      address: "1 Main St, Springfield",
      attn_contact_name: "Billing Dept",
      vat_number: "US123456789",
      country: { country_name: "United States of America", country_id: 840 },
    },
  };
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** local@domain.tld, nothing more: Wavix publishes no pattern of its own. */
function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const unprocessable = (field: string, problem: string) =>
  json(422, { success: false, error: true, message: `${field} ${problem}`, errors: { [field]: [problem] } });

/** An account added with `addAccount`: the key that reaches it, and its profile (whose `id` is the account's). */
export interface WavixAccount {
  apiKey: string;
  profile: WavixStoredProfile;
}

const newApiKey = () => `wvx_${randomBytes(16).toString("hex")}`;

export class WavixEmulator implements Emulator {
  readonly name = "wavix";
  apiKey: string;
  /**
   * A key of a second, unrelated account. A key reaches its own account's profile only: GET and
   * PUT /v1/profile take no account parameter, and the profile's `id` is the account ID
   * (docs.wavix.com/api-reference/profile/retrieve-a-profile: "id … Account ID").
   */
  readonly otherApiKey: string;
  /** Profiles by API key: each key is one account. */
  readonly accounts = new Map<string, WavixStoredProfile>();
  /** The id the next added account takes: the primary is 1, the second account 2. */
  private nextId = 2;

  constructor(apiKey = newApiKey()) {
    this.apiKey = apiKey;
    this.accounts.set(apiKey, defaultWavixProfile());
    // Its own addresses ("email: Email associated with the account", same page), so a read shows whose profile it is.
    this.otherApiKey = this.addAccount({ email: "info@another.example", contact_email: "billing@another.example" }).apiKey;
  }

  /**
   * A further, unrelated account with a key of its own: the next account id, the default
   * profile with addresses of its own unless `fields` say otherwise.
   */
  addAccount(fields: Partial<WavixStoredProfile> = {}): WavixAccount {
    const id = this.nextId++;
    const profile = { ...defaultWavixProfile(id), email: `info@account-${id}.example`, contact_email: `billing@account-${id}.example`, ...fields };
    const apiKey = newApiKey();
    this.accounts.set(apiKey, profile);
    return { apiKey, profile };
  }

  /** Adds another key for the same account (key rotation). */
  addKey(key: string, sameAccountAs = this.apiKey): void {
    this.accounts.set(key, this.accounts.get(sameAccountAs)!);
  }

  /** Replaces the current key with `next` for the same account; the old key stops working. */
  rotateKey(next: string): void {
    this.addKey(next);
    this.accounts.delete(this.apiKey);
    this.apiKey = next;
  }

  get profile(): WavixStoredProfile {
    return this.accounts.get(this.apiKey)!;
  }

  /** The second account's profile (id 2), which `otherApiKey` reads and writes. */
  get otherProfile(): WavixStoredProfile {
    return this.accounts.get(this.otherApiKey)!;
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    const key = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? req.query.get("appid") ?? undefined;
    const profile = key === undefined ? undefined : this.accounts.get(key);
    if (!profile) return json(401, { success: false, error: true, message: "Unauthenticated. Check your API key." });
    if (req.path !== "/v1/profile") return json(404, { success: false, error: true, message: "Not found" });
    if (req.method === "GET") return json(200, profile);
    if (req.method !== "PUT") return json(405, { success: false, error: true, message: "Method not allowed" });
    if (!/application\/json/i.test(req.headers["content-type"] ?? "")) return json(415, { success: false, error: true, message: "Content-Type must be application/json" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return json(400, { success: false, error: true, message: "Malformed JSON body" });
    }
    const invalid = this.validate(body);
    if (invalid) return invalid;
    this.apply(profile, body);
    return json(200, profile);
  }

  /**
   * PUT /v1/profile's rules, refused with 422 (a status Wavix/wavix-node-sdk's profile
   * Client.ts raises as UnprocessableEntityError) and `{success:false, error:true, message}`.
   * Types come from the SDKs (every field an optional string, company_info an object); formats
   * only where Wavix itself must use the value in that form: a URL it calls or links to, an
   * address it mails, a time zone and a country it resolves. The message text is the
   * emulator's (Wavix does not publish its 422 body).
   */
  private validate(body: Record<string, unknown>): EmulatorResponse | undefined {
    for (const [field, value] of Object.entries(body)) {
      if (field === "company_info") continue;
      // No Wavix source says unknown fields are refused: this strictness is the emulator's own,
      // to catch a client sending a name PUT /v1/profile does not document.
      if (!STRING_FIELDS.includes(field)) return unprocessable(field, "is not a known field");
      // wavix-node-sdk ProfileUpdateRequest.ts, wavix-ruby-sdk profile_update_request.rb: strings.
      if (typeof value !== "string") return unprocessable(field, "must be a string");
      // "Callback URL to forward inbound SMS to" / "… delivery reports (DLRs) to"; the short-link
      // endpoint's documented example is "https://short.examples.com" (docs.wavix.com update-a-profile).
      if (URL_FIELDS.includes(field) && value !== "" && !isUrl(value)) return unprocessable(field, "must be a valid URL");
      // "Timezone configured on the account", example "UTC"; reads show IANA names ("Pacific/Wallis").
      if (field === "time_zone" && !isTimeZone(value)) return unprocessable(field, "is not a valid time zone");
      // "Email associated with the account" (update-a-profile); the older API's same field "is
      // used to send invoices and email notifications" (wavix.com/api/rest update-customer-info).
      if (field === "contacts" && value !== "" && !isEmail(value)) return unprocessable(field, "must be a valid email address");
    }
    const company = body.company_info;
    if (company === undefined) return undefined;
    // wavix-node-sdk ProfileUpdateRequest.CompanyInfo: an object.
    if (typeof company !== "object" || company === null || Array.isArray(company)) return unprocessable("company_info", "must be an object");
    for (const [field, value] of Object.entries(company)) {
      if (!COMPANY_FIELDS.includes(field)) return unprocessable(`company_info.${field}`, "is not a known field");
      if (typeof value !== "string") return unprocessable(`company_info.${field}`, "must be a string");
      // "Country code."; the answer names the country (`country{country_name, country_id}`), so
      // the code must resolve to one.
      if (field === "country_code" && !countries.isValid(value)) return unprocessable("company_info.country_code", "is not a valid ISO 3166-1 alpha-2 code");
      // The 13 values of ProfileUpdateRequest.CompanyInfo.Industry.
      if (field === "industry" && !INDUSTRIES.has(value)) return unprocessable("company_info.industry", "is not a valid industry");
    }
    return undefined;
  }

  /** Request-named fields applied as a PUT would apply them (seeding recorded state). */
  applyRequestFields(fields: Record<string, string>): void {
    this.apply(this.profile, fields);
  }

  private apply(profile: WavixStoredProfile, body: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(body)) {
      if (field === "company_info") continue;
      const text = value as string;
      if (field === "time_zone") profile.timezone = text;
      else if (field === "contacts") profile.contact_email = text;
      else if (TRANSPORT_OF[field]) {
        const transport = TRANSPORT_OF[field];
        // An empty URL removes the destination, as clearing the field in the portal would.
        profile.default_destinations = [...profile.default_destinations.filter((d) => d.transport !== transport), ...(text ? [{ transport, value: text }] : [])];
      } else (profile as unknown as Record<string, unknown>)[field] = text;
    }
    const company = (body.company_info ?? {}) as Record<string, string>;
    for (const [field, value] of Object.entries(company)) {
      if (field === "billing_address") profile.company_info.address = value;
      else if (field === "country_code") {
        const code = value.toUpperCase();
        profile.company_info.country = { country_name: countries.getName(code, "en", { select: "official" }) ?? code, country_id: Number(countries.alpha2ToNumeric(code)) };
      } else (profile.company_info as unknown as Record<string, unknown>)[field] = value;
    }
  }
}
