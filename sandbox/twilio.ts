import { json, type Emulator, type EmulatorRequest, type EmulatorResponse } from "./framework";
import { isEditable, notEditable, TwilioBundle } from "./twilioBundle";
import { SANDBOX_POLICY_SID } from "./twilioPolicy";
import { hex, isoNow, methodNotAllowed, missingParameter, notFound, twilioError, v1Page } from "./twilioWire";

export { SANDBOX_POLICY_SID };

/**
 * Twilio TrustHub Customer-Profiles: HTTP Basic (Account SID + Auth Token, or API key + secret),
 * form-encoded bodies, server-made Sids, the verification status machine, Twilio's JSON errors
 * (20404 for an unknown Sid or path, 20003 for bad credentials). Many accounts, subaccounts
 * among them: each profile belongs to one, and another account's profile answers exactly as
 * one that does not exist.
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

/**
 * Which account a seeded object belongs to: the primary, the second account, or any account
 * by its SID (one added with addAccount or addSubaccount).
 */
export type TwilioAccount = "primary" | "other" | AccountSid;

/** An Account SID: AC and 32 hex digits. */
export type AccountSid = `AC${string}`;

/** An account's credentials: its SID and Auth Token (HTTP Basic username and password). */
export interface TwilioAccountCredentials {
  accountSid: AccountSid;
  authToken: string;
}

/** A subaccount, with the SID of the account that owns it. */
export interface TwilioSubaccount extends TwilioAccountCredentials {
  parentSid: string;
}

/** What the emulator keeps of an account: its Auth Token and, for a subaccount, its parent's SID. */
interface AccountRecord {
  authToken: string;
  parentSid?: string;
}

/** Who the credentials are: the account, and whether an API key stood for it rather than its Auth Token. */
interface Principal {
  accountSid: string;
  byApiKey: boolean;
}

/** A 2010 API path names the account it acts on: /2010-04-01/Accounts/{AccountSid}/… */
const PATH_ACCOUNT = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})(?:[/.]|$)/;
/** The 2010 Account resource itself: /2010-04-01/Accounts/{AccountSid}.json */
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\.json$/;

export class TwilioEmulator implements Emulator {
  readonly name = "twilio";
  /** Every account by SID. */
  private readonly accounts = new Map<string, AccountRecord>();
  readonly accountSid = this.register({ authToken: hex(16) });
  /** A second, unrelated account (not a subaccount of the first). */
  private readonly other = this.addAccount();
  readonly otherAccountSid = this.other.accountSid;
  readonly otherAuthToken = this.other.authToken;
  /** API keys: SK… → secret; each stands for the primary account unless issued for another. */
  readonly apiKeys = new Map<string, string>();
  private readonly apiKeyAccounts = new Map<string, string>();
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
        accountSid: (account) => this.sidOf(account),
        seed: (fields, account) => this.seed(fields, { account }),
      },
      publicBase,
    );
  }

  /** The primary account's Auth Token. */
  get authToken(): string {
    return this.accounts.get(this.accountSid)!.authToken;
  }

  set authToken(next: string) {
    this.accounts.get(this.accountSid)!.authToken = next;
  }

  /** A further, unrelated account with an Auth Token of its own; its objects are its alone. */
  addAccount(): TwilioAccountCredentials {
    const authToken = hex(16);
    return { accountSid: this.register({ authToken }), authToken };
  }

  /**
   * A subaccount of `parentSid` with an Auth Token of its own. The parent's Account SID and Auth
   * Token act for it on the 2010 API's paths, which name it; anything else (TrustHub's v1 paths
   * name no account) takes the subaccount's own credentials. See actingAccount.
   */
  addSubaccount(parentSid: string): TwilioSubaccount {
    const parent = this.accounts.get(parentSid);
    if (!parent) throw new Error(`Twilio account ${parentSid} does not exist`);
    // A subaccount "owned" by a main account (twilio.com/docs/iam/api/subaccounts): one level.
    if (parent.parentSid) throw new Error(`Twilio account ${parentSid} is a subaccount; a subaccount has no subaccounts`);
    const authToken = hex(16);
    return { accountSid: this.register({ authToken, parentSid }), authToken, parentSid };
  }

  private register(record: AccountRecord): AccountSid {
    const sid: AccountSid = `AC${hex(16)}`;
    this.accounts.set(sid, record);
    return sid;
  }

  /** An API key of the primary account, or of `accountSid`. */
  issueApiKey(secret = hex(16), accountSid: string = this.accountSid): { sid: string; secret: string } {
    const key = { sid: `SK${hex(16)}`, secret };
    this.apiKeys.set(key.sid, key.secret);
    this.apiKeyAccounts.set(key.sid, accountSid);
    return key;
  }

  /** A new primary auth token; the old one stops working, as after Twilio's "promote". */
  rotateAuthToken(next = hex(16)): void {
    this.authToken = next;
  }

  private sidOf(account: TwilioAccount): string {
    return account === "primary" ? this.accountSid : account === "other" ? this.otherAccountSid : account;
  }

  /**
   * Seeds an existing profile (for adoption), in the primary account unless `account` names another.
   * `fields` are applied last, so an `account_sid` among them wins over `account`.
   */
  seed(fields: Partial<StoredCustomerProfile> = {}, { account = "primary" }: { account?: TwilioAccount } = {}): StoredCustomerProfile {
    const profile = this.newProfile({ FriendlyName: "Existing profile", Email: "compliance@example.com", PolicySid: SANDBOX_POLICY_SID }, this.sidOf(account));
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
    this.recordedSids.set(recordedSid, this.sidOf(account));
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
    const principal = this.authenticate(req.headers.authorization);
    const caller = principal && this.actingAccount(principal, req.path);
    if (!caller) return twilioError(401, 20003, "Authenticate");
    const fetched = req.path.match(ACCOUNT_PATH)?.[1];
    if (fetched !== undefined) return req.method === "GET" ? this.accountResource(fetched, principal.byApiKey) : methodNotAllowed();
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

  /**
   * Fetch an Account (twilio.com/docs/iam/api/account, `GET /2010-04-01/Accounts/{Sid}.json`):
   * the account itself or, for its parent's Account SID and Auth Token, a subaccount (the
   * request reached here only if actingAccount let it). The answer carries the account's
   * `auth_token`, which is how a parent gets a subaccount's credentials for TrustHub; an API
   * key's fetch comes without it (RJPearson94/terraform-provider-twilio#52: the token came back
   * empty when the provider authenticated with an API key).
   */
  private accountResource(sid: string, byApiKey: boolean): EmulatorResponse {
    const record = this.accounts.get(sid)!;
    const owner = record.parentSid ?? sid;
    return json(200, {
      sid,
      owner_account_sid: owner,
      auth_token: byApiKey ? null : record.authToken,
      friendly_name: sid === this.accountSid ? "Primary account" : `Account ${sid.slice(0, 8)}`,
      status: "active",
      type: "Full",
      date_created: "Mon, 30 Nov 2026 00:00:00 +0000",
      date_updated: "Mon, 30 Nov 2026 00:00:00 +0000",
      uri: `/2010-04-01/Accounts/${sid}.json`,
    });
  }

  /** Whose credentials these are, if they are right: an Account SID with its Auth Token, or an API key with its secret. */
  private authenticate(header: string | undefined): Principal | undefined {
    const encoded = header?.match(/^Basic\s+(.+)$/i)?.[1];
    if (!encoded) return undefined;
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const account = this.accounts.get(user);
    // An Account SID takes that account's own Auth Token. Twilio documents no other pairing: a
    // parent's Auth Token under its subaccount's SID is refused (see actingAccount for the rules).
    if (account) return password === account.authToken ? { accountSid: user, byApiKey: false } : undefined;
    return this.apiKeys.get(user) === password ? { accountSid: this.apiKeyAccounts.get(user) ?? this.accountSid, byApiKey: true } : undefined;
  }

  /**
   * The account a request acts for, or none (20003). TrustHub's v1 paths name no account: the
   * credentials' own. A 2010 path names one (/2010-04-01/Accounts/{AccountSid}/…): the
   * credentials' own, or a subaccount of theirs when a parent's SID and Auth Token sent it.
   * twilio.com/docs/iam/api/subaccounts: "You can use your main account credentials
   * (AccountSid and AuthToken) to access Twilio's REST API for your main account, as well as
   * v2010 API resources for any of your subaccounts. … You can not use a subaccount's
   * credentials to access the resources of your main Twilio account or any other subaccounts";
   * "Main account API Keys are only available to access main account resources. Access to
   * subaccount resources will be denied"; "resources on subdomains, such as studio.twilio.com
   * and taskrouter.twilio.com, must be accessed directly using subaccount credentials (API Keys
   * or subaccount SID + subaccount auth token)", and "if the URL begins with
   * https://SOME-SUBDOMAIN.twilio.com, then you must access that resource using
   * subaccount-specific credentials": TrustHub's do (https://trusthub.twilio.com/v1/…).
   * Credentials "scoped to the wrong account" answer 20003 (twilio.com/docs/api/errors/20003:
   * "You used subaccount credentials to access the main account or another subaccount").
   */
  private actingAccount(principal: Principal, path: string): string | undefined {
    const named = path.match(PATH_ACCOUNT)?.[1];
    if (named === undefined || named === principal.accountSid) return principal.accountSid;
    const parentActs = !principal.byApiKey && this.accounts.get(named)?.parentSid === principal.accountSid;
    return parentActs ? named : undefined;
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
