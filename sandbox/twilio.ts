import { json, type Emulator, type EmulatorRequest, type EmulatorResponse } from "./framework";
import { isEditable, notEditable, TwilioBundle } from "./twilioBundle";
import { SANDBOX_POLICY_SID } from "./twilioPolicy";
import { hex, isoNow, methodNotAllowed, missingParameter, notFound, twilioError, v1Page } from "./twilioWire";

export { SANDBOX_POLICY_SID };

/**
 * Twilio TrustHub Customer-Profiles: HTTP Basic (Account SID + Auth Token, or API key + secret),
 * form-encoded bodies, server-made Sids, the verification status machine, Twilio's JSON errors
 * (20404 for an unknown Sid or path, 20003 for bad credentials). Two accounts: each profile
 * belongs to one, and another account's profile answers exactly as one that does not exist.
 * The bundle a profile is assembled from (End-Users, Supporting Documents, Addresses, assignments,
 * evaluations, Policies) is served by `bundle` (twilioBundle.ts).
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

const POLICY = /^RN[0-9a-fA-F]{32}$/;

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
  /** End-Users, Supporting Documents, Addresses, assignments and evaluations, with their test seeds. */
  readonly bundle: TwilioBundle;
  /** Refuse `Status=pending-review` for a profile whose bundle fails its policy, as Twilio does (see update). */
  refuseNoncompliantSubmit = true;

  constructor(private readonly publicBase = "https://trusthub.twilio.com") {
    this.bundle = new TwilioBundle(
      {
        find: (sid) => this.profiles.get(sid),
        ownerOf: (profile) => this.ownerOf(profile),
        accountSid: (account) => (account === "other" ? this.otherAccountSid : this.accountSid),
        seed: (fields, account) => this.seed(fields, { account }),
      },
      publicBase,
    );
  }

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

  private isvPrimary: StoredCustomerProfile | undefined;

  /**
   * The ISV's own primary Customer-Profile, approved, which a secondary profile's bundle must
   * hold (the ISV guides' first step): made on first use, so that tests listing profiles see it
   * only when they ask for it.
   */
  primaryCustomerProfile(): StoredCustomerProfile {
    this.isvPrimary ??= this.seed({ friendly_name: "ISV primary customer profile", email: "isv@example.com", status: "twilio-approved", policy_sid: "RN806dd6cd175f314e1f96a9727ee271f4" });
    return this.isvPrimary;
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
    const bundled = this.bundle.handle(req, caller);
    if (bundled) return bundled;
    const form = new URLSearchParams(req.body);
    if (req.path === "/v1/CustomerProfiles") {
      if (req.method === "POST") return this.create(form, caller);
      if (req.method === "GET") return this.list(req.query, caller);
    }
    // Twilio answers its own 20404 for any path it does not serve, a mistyped one included: "The
    // request path points to a resource that does not exist" (twilio.com/docs/errors/20404).
    const sid = req.path.match(/^\/v1\/CustomerProfiles\/([^/]+)$/)?.[1];
    if (!sid) return notFound(req.path);
    // Another account's sid is not found either ("CA123 is not a call sid that exists for your
    // account", twilio.com/docs/errors/20404; twilio/twilio-ruby#225: a subaccount's resource
    // fetched with the parent's credentials answers "The requested resource … was not found").
    const profile = this.profiles.get(sid);
    if (!profile || this.ownerOf(profile) !== caller) return notFound(req.path);
    if (req.method === "GET") return json(200, profile);
    if (req.method === "POST") return this.update(profile, form);
    if (req.method === "DELETE") {
      this.profiles.delete(sid);
      this.bundle.forgetProfile(sid);
      return { status: 204 };
    }
    return methodNotAllowed();
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

  private newProfile(form: { FriendlyName: string; Email: string; PolicySid: string; StatusCallback?: string }, accountSid: string): StoredCustomerProfile {
    const sid = `BU${hex(16)}`;
    const url = `${this.publicBase}/v1/CustomerProfiles/${sid}`;
    const now = isoNow();
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

  /**
   * Twilio refuses to take a noncompliant bundle for review: "If you have skipped this check [the
   * Evaluation] or ignored the results, the Profile bundle you submit … may be non-compliant and
   * if so, would immediately fail", listed among the errors "surfaced synchronously" (A2P Sole
   * Proprietor troubleshooting guide, §2.1). No source gives the code or text of that answer:
   * the emulator answers 400 with the error code of the first failing requirement as an
   * Evaluation reports it (22214/22215/22216/22219) and names every failing requirement.
   */
  private noncompliant(profile: StoredCustomerProfile): EmulatorResponse | undefined {
    const failing = this.bundle.failingRequirements(profile);
    if (failing.length === 0) return undefined;
    const names = failing.map((r) => r.requirement_name).join(", ");
    return twilioError(400, failing[0]!.error_code ?? 20001, `Customer-Profile ${profile.sid} is noncompliant with Policy ${profile.policy_sid}; failing requirements: ${names}. Create an Evaluation for the details.`);
  }

  private create(form: URLSearchParams, accountSid: string): EmulatorResponse {
    for (const required of ["FriendlyName", "Email", "PolicySid"]) {
      // Required in twilio_trusthub_v1.json's create (missingParameter: 20001, with its sources).
      if (!form.get(required)) return missingParameter(required);
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
    if (edits.length > 0 && !isEditable(profile)) return notEditable(profile);
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
    const submitting = status === "pending-review" && profile.status === "draft";
    if (submitting && this.refuseNoncompliantSubmit) {
      const refused = this.noncompliant(profile);
      if (refused) return refused;
    }
    if (form.has("FriendlyName")) profile.friendly_name = form.get("FriendlyName")!;
    if (form.has("Email")) profile.email = form.get("Email")!;
    if (form.has("StatusCallback")) profile.status_callback = callback || null;
    // Submitting moves the profile straight into Twilio's review queue.
    if (submitting) profile.status = "in-review";
    profile.date_updated = isoNow();
    return json(200, profile);
  }

  /**
   * "Retrieve a list of all Customer-Profiles for an account" (twilio/twilio-oai
   * spec/json/twilio_trusthub_v1.json, GET /v1/CustomerProfiles): the caller's account only,
   * filtered by FriendlyName, PolicySid and Status, in Twilio's paging (twilioWire.v1Page).
   */
  private list(query: URLSearchParams, accountSid: string): EmulatorResponse {
    const results = [...this.profiles.values()].filter(
      (p) =>
        this.ownerOf(p) === accountSid &&
        (!query.get("FriendlyName") || p.friendly_name === query.get("FriendlyName")) &&
        (!query.get("PolicySid") || p.policy_sid === query.get("PolicySid")) &&
        (!query.get("Status") || p.status === query.get("Status")),
    );
    return v1Page(results, query, `${this.publicBase}/v1/CustomerProfiles`, ["FriendlyName", "PolicySid", "Status"]);
  }
}
