import { randomBytes } from "node:crypto";
import { json, type Emulator, type EmulatorRequest, type EmulatorResponse } from "./framework";

/**
 * Twilio TrustHub Customer-Profiles: HTTP Basic (Account SID + Auth Token, or API key + secret),
 * form-encoded bodies, server-made Sids, the verification status machine, Twilio's JSON errors
 * (20404 for an unknown Sid or path, 20003 for bad credentials). Two accounts: each profile
 * belongs to one, and another account's profile answers exactly as one that does not exist.
 */
export interface StoredCustomerProfile {
  sid: string;
  account_sid: string;
  policy_sid: string;
  friendly_name: string;
  status: string;
  valid_until: string | null;
  email: string;
  status_callback: string | null;
  date_created: string;
  date_updated: string;
  url: string;
  links: Record<string, string>;
  errors: unknown[] | null;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const POLICY = /^RN[0-9a-fA-F]{32}$/;
export const SANDBOX_POLICY_SID = "RNdfbf3fae0e1107f8aded0e7cead80bf5";

function twilioError(status: number, code: number, message: string): EmulatorResponse {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function isUri(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * What create and update both refuse in FriendlyName, Email and StatusCallback. Twilio's
 * messages are its own where it publishes them; the codes are cited one by one.
 */
function invalidField(form: URLSearchParams): EmulatorResponse | undefined {
  const name = form.get("FriendlyName");
  // 20002 Invalid FriendlyName: "such \"FriendlyNames\" must be between 1 and 64 characters long"
  // (twilio.com/docs/api/errors/20002). An empty one on create is a missing parameter (above).
  if (name !== null && (name.length < 1 || name.length > 64)) return twilioError(400, 20002, "Invalid FriendlyName");
  // Email: "The email address that will receive updates when the Customer-Profile resource changes
  // status" (twilio_trusthub_v1.json, a plain string there): Twilio mails it, so it must be an
  // address. No code is published for it; 20001 is the v1 APIs' parameter error.
  const email = form.get("Email");
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return twilioError(400, 20001, "Invalid Email");
  // StatusCallback is `format: uri`; 21609 Invalid 'StatusCallback': "The StatusCallback URL
  // provided is not a valid URL" (twilio.com/docs/api/errors/21609). Empty clears it on update.
  const callback = form.get("StatusCallback");
  if (callback && !isUri(callback)) return twilioError(400, 21609, "Invalid 'StatusCallback'");
  return undefined;
}

/** Which of the emulator's two accounts a seeded profile belongs to. */
export type TwilioAccount = "primary" | "other";

export class TwilioEmulator implements Emulator {
  readonly name = "twilio";
  readonly accountSid = `AC${hex(16)}`;
  authToken = hex(16);
  /** A second, unrelated account (not a subaccount of the first). */
  readonly otherAccountSid = `AC${hex(16)}`;
  readonly otherAuthToken = hex(16);
  /** API keys of the primary account: SK… → secret. */
  readonly apiKeys = new Map<string, string>();
  /** Every account's profiles; each carries its `account_sid`. */
  readonly profiles = new Map<string, StoredCustomerProfile>();
  /** Account SIDs of a restored snapshot → the SID of the account here that holds them now. */
  private readonly recordedSids = new Map<string, string>();

  constructor(private readonly publicBase = "https://trusthub.twilio.com") {}

  issueApiKey(secret = hex(16)): { sid: string; secret: string } {
    const key = { sid: `SK${hex(16)}`, secret };
    this.apiKeys.set(key.sid, key.secret);
    return key;
  }

  /** A new primary auth token; the old one stops working, as after Twilio's "promote". */
  rotateAuthToken(next = hex(16)): void {
    this.authToken = next;
  }

  /**
   * Seeds an existing profile (for adoption), in the primary account unless `account: "other"`.
   * `fields` are applied last, so an `account_sid` among them wins over `account`.
   */
  seed(fields: Partial<StoredCustomerProfile> = {}, { account = "primary" }: { account?: TwilioAccount } = {}): StoredCustomerProfile {
    const profile = this.newProfile({ FriendlyName: "Existing profile", Email: "compliance@example.com", PolicySid: SANDBOX_POLICY_SID }, account === "other" ? this.otherAccountSid : this.accountSid);
    Object.assign(profile, fields);
    this.profiles.set(profile.sid, profile);
    return profile;
  }

  /**
   * Makes profiles recorded by another sandbox with `recordedSid` belong to one of this one's
   * accounts. They keep showing the recorded `account_sid`, which the recorded stack's state
   * holds, while this sandbox's credentials are fresh.
   */
  mapRecordedAccount(recordedSid: string, account: TwilioAccount = "primary"): void {
    this.recordedSids.set(recordedSid, account === "other" ? this.otherAccountSid : this.accountSid);
  }

  /** The account SID a profile belongs to. */
  private ownerOf(profile: StoredCustomerProfile): string {
    return this.recordedSids.get(profile.account_sid) ?? profile.account_sid;
  }

  /** Twilio's reviewers act: in-review → twilio-approved or twilio-rejected. */
  review(sid: string, outcome: "twilio-approved" | "twilio-rejected"): void {
    const profile = this.profiles.get(sid)!;
    profile.status = outcome;
    profile.errors = outcome === "twilio-rejected" ? [{ code: 18601 }] : null;
    profile.valid_until = outcome === "twilio-approved" ? "2027-11-28T10:00:00Z" : null;
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    const caller = this.authenticate(req.headers.authorization);
    if (!caller) return twilioError(401, 20003, "Authenticate");
    const form = new URLSearchParams(req.body);
    if (req.path === "/v1/CustomerProfiles") {
      if (req.method === "POST") return this.create(form, caller);
      if (req.method === "GET") return this.list(req.query, caller);
    }
    // Twilio answers its own 20404 for any path it does not serve, a mistyped one included: "The
    // request path points to a resource that does not exist" (twilio.com/docs/errors/20404).
    const sid = req.path.match(/^\/v1\/CustomerProfiles\/([^/]+)$/)?.[1];
    if (!sid) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    // Another account's sid is not found either ("CA123 is not a call sid that exists for your
    // account", twilio.com/docs/errors/20404; twilio/twilio-ruby#225: a subaccount's resource
    // fetched with the parent's credentials answers "The requested resource … was not found").
    const profile = this.profiles.get(sid);
    if (!profile || this.ownerOf(profile) !== caller) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    if (req.method === "GET") return json(200, profile);
    if (req.method === "POST") return this.update(profile, form);
    if (req.method === "DELETE") {
      this.profiles.delete(sid);
      return { status: 204 };
    }
    return twilioError(405, 20004, "Method not allowed");
  }

  /** The Account SID the credentials belong to, if they are right. */
  private authenticate(header: string | undefined): string | undefined {
    const encoded = header?.match(/^Basic\s+(.+)$/i)?.[1];
    if (!encoded) return undefined;
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (user === this.accountSid) return password === this.authToken ? this.accountSid : undefined;
    if (user === this.otherAccountSid) return password === this.otherAuthToken ? this.otherAccountSid : undefined;
    return this.apiKeys.get(user) === password ? this.accountSid : undefined;
  }

  /** Twilio's timestamps: the wall clock, in whole seconds. */
  private now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  private newProfile(form: { FriendlyName: string; Email: string; PolicySid: string; StatusCallback?: string }, accountSid: string): StoredCustomerProfile {
    const sid = `BU${hex(16)}`;
    const url = `${this.publicBase}/v1/CustomerProfiles/${sid}`;
    const now = this.now();
    return {
      sid,
      account_sid: accountSid,
      policy_sid: form.PolicySid,
      friendly_name: form.FriendlyName,
      status: "draft",
      valid_until: null,
      email: form.Email,
      status_callback: form.StatusCallback ?? null,
      date_created: now,
      date_updated: now,
      url,
      links: {
        customer_profiles_entity_assignments: `${url}/EntityAssignments`,
        customer_profiles_evaluations: `${url}/Evaluations`,
        customer_profiles_channel_endpoint_assignment: `${url}/ChannelEndpointAssignments`,
      },
      errors: null,
    };
  }

  private create(form: URLSearchParams, accountSid: string): EmulatorResponse {
    for (const required of ["FriendlyName", "Email", "PolicySid"]) {
      // Required in twilio_trusthub_v1.json's create; Twilio's v1 APIs answer a missing one with
      // 20001 "Missing required parameter X in the post body" (twilio/twilio-go#112,
      // nash-md/twilio-contact-center#18).
      if (!form.get(required)) return twilioError(400, 20001, `Missing required parameter ${required} in the post body`);
    }
    // PolicySid: "^RN[0-9a-fA-F]{32}$" (twilio_trusthub_v1.json); the code is the same 20001.
    if (!POLICY.test(form.get("PolicySid")!)) return twilioError(400, 20001, "Invalid PolicySid");
    const invalid = invalidField(form);
    if (invalid) return invalid;
    const callback = form.get("StatusCallback");
    const profile = this.newProfile({ FriendlyName: form.get("FriendlyName")!, Email: form.get("Email")!, PolicySid: form.get("PolicySid")!, ...(callback ? { StatusCallback: callback } : {}) }, accountSid);
    this.profiles.set(profile.sid, profile);
    return json(201, profile);
  }

  private update(profile: StoredCustomerProfile, form: URLSearchParams): EmulatorResponse {
    const status = form.get("Status");
    const edits = ["FriendlyName", "Email", "StatusCallback"].filter((name) => form.has(name));
    const editable = profile.status === "draft" || profile.status === "twilio-rejected";
    if (edits.length > 0 && !editable) {
      return twilioError(400, 20001, `Customer-Profile ${profile.sid} cannot be edited while its status is ${profile.status}`);
    }
    // "If the current verification status of the Customer-Profile is `draft`, you may set the
    // verification status to `pending-review` … No other values for `status` are permissible"
    // (twilio_trusthub_v1.json, update's Status). The code for a refusal is not published: 20001.
    if (status !== null && status !== profile.status) {
      if (!(status === "pending-review" && profile.status === "draft")) {
        return twilioError(400, 20001, `Invalid status transition from ${profile.status} to ${status}`);
      }
    }
    const invalid = invalidField(form);
    if (invalid) return invalid;
    const callback = form.get("StatusCallback");
    if (form.has("FriendlyName")) profile.friendly_name = form.get("FriendlyName")!;
    if (form.has("Email")) profile.email = form.get("Email")!;
    if (form.has("StatusCallback")) profile.status_callback = callback || null;
    // Submitting moves the profile straight into Twilio's review queue.
    if (status === "pending-review" && profile.status === "draft") profile.status = "in-review";
    profile.date_updated = this.now();
    return json(200, profile);
  }

  /**
   * "Retrieve a list of all Customer-Profiles for an account" (twilio/twilio-oai
   * spec/json/twilio_trusthub_v1.json, GET /v1/CustomerProfiles): the caller's account only.
   * Twilio's paging: PageSize (default 50, at most 1,000), Page and an opaque PageToken, with
   * meta.next_page_url absolute and carrying the filters; null on the last page.
   */
  private list(query: URLSearchParams, accountSid: string): EmulatorResponse {
    const filters = (["FriendlyName", "PolicySid", "Status"] as const).filter((name) => query.get(name));
    const results = [...this.profiles.values()].filter(
      (p) =>
        this.ownerOf(p) === accountSid &&
        (!query.get("FriendlyName") || p.friendly_name === query.get("FriendlyName")) &&
        (!query.get("PolicySid") || p.policy_sid === query.get("PolicySid")) &&
        (!query.get("Status") || p.status === query.get("Status")),
    );
    const pageSize = Math.max(1, Math.min(Number(query.get("PageSize") ?? 50) || 50, 1000));
    const page = Number(query.get("Page") ?? 0) || 0;
    const token = query.get("PageToken");
    const offset = token ? Number(token.replace(/^PT/, "")) : page * pageSize;
    const pageUrl = (n: number, from?: number) => {
      const params = new URLSearchParams();
      for (const name of filters) params.set(name, query.get(name)!);
      params.set("PageSize", String(pageSize));
      params.set("Page", String(n));
      if (from !== undefined) params.set("PageToken", `PT${from}`);
      return `${this.publicBase}/v1/CustomerProfiles?${params.toString()}`;
    };
    const next = offset + pageSize < results.length ? pageUrl(page + 1, offset + pageSize) : null;
    return json(200, {
      results: results.slice(offset, offset + pageSize),
      meta: { page, page_size: pageSize, first_page_url: pageUrl(0), previous_page_url: page > 0 ? pageUrl(page - 1, Math.max(0, offset - pageSize)) : null, url: pageUrl(page, token ? offset : undefined), next_page_url: next, key: "results" },
    });
  }
}
