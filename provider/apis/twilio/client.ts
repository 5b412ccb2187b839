import { ApiError, apiUrl, changedFields, httpClientFor, pick, readJsonAnswer, requestTimeoutMs, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { HttpConnectionError, HttpTimeoutError, readJsonIfAny, redactor, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../../http";
import { adapter } from ".";
import { fieldRules, formFromFields, readResultFrom } from "./fieldMap";
import { customerProfileSchema, errorSchema, listSchema, type CustomerProfile, type CustomerProfileList } from "./schema";

export const settings = {
  accountSid: { config: "twilio:accountSid", env: "TWILIO_ACCOUNT_SID" },
  authToken: { config: "twilio:authToken", env: "TWILIO_AUTH_TOKEN", secret: true },
  apiKey: { config: "twilio:apiKey", env: "TWILIO_API_KEY" },
  apiSecret: { config: "twilio:apiSecret", env: "TWILIO_API_SECRET", secret: true },
  baseUrl: { config: adapter.baseUrlSetting, env: "TWILIO_TRUSTHUB_BASE_URL" },
} as const;

export const DEFAULT_BASE_URL = "https://trusthub.twilio.com";

const basic = (user: string, password: string): Middleware => {
  // The header carries the pair base64-encoded: a form of the secret the redactor must know too.
  redactor.addCredentialPair(user, password);
  const header = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return (next) => (request) => next({ ...request, headers: { ...request.headers, authorization: header } });
};

/** Which account the credentials act for: certain for an Account SID, only said for an API key. */
interface CredentialAccount {
  sid: string | undefined;
  /** Basic auth as the Account SID itself: the account is the user. */
  certain: boolean;
}

/**
 * The Basic credentials Twilio recommends (API key + secret) or, failing those, Account SID +
 * Auth Token; and the account they act for: the Account SID itself, or the `accountSid` given
 * beside an API key (an API key acts for the account that made it, which the key cannot tell).
 */
function credentialsFrom(s: Settings): { user: string; password: string; account: CredentialAccount } {
  const apiKey = s.get(settings.apiKey);
  if (apiKey) return { user: apiKey, password: s.require(settings.apiSecret), account: { sid: s.get(settings.accountSid), certain: false } };
  const accountSid = s.require(settings.accountSid);
  return { user: accountSid, password: s.require(settings.authToken), account: { sid: accountSid, certain: true } };
}

/** Twilio's own "not found" (error 20404, twilio.com/docs/errors/20404), not any 404 a wrong URL or a gateway answers. */
const NOT_FOUND_CODE = 20404;

const PAGE_SIZE = 1000;
const DEFAULT_LOOKUP_WINDOW_MS = 30_000;
const LOOKUP_PAUSE_MS = 250;
const CREATE_FIELDS = ["FriendlyName", "Email", "PolicySid", "StatusCallback"];
/** How far the local clock may be behind or ahead of Twilio's before the look-up's date bound matters. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A million profiles: far past any account, near enough to end a list that never does. */
const MAX_PAGES = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Whether a failed call may still have been applied: no answer (timeout, reset, an answer cut
 * off), a 5xx (the server may have committed before failing), or a success answer that could
 * not be read.
 */
function outcomeUnknown(err: unknown): boolean {
  if (err instanceof HttpConnectionError || err instanceof HttpTimeoutError) return true;
  if (!(err instanceof ApiError)) return false;
  return err.status !== undefined && (err.status >= 500 || err.status < 300);
}

/**
 * The narrowest list Twilio offers for the profiles a create could match: its list filters are
 * Status, FriendlyName and PolicySid (as in the official twilio-node CustomerProfilesListInstance).
 */
function matchFilter(desired: FlatProfile): URLSearchParams {
  const query = new URLSearchParams();
  if (typeof desired.FriendlyName === "string") query.set("FriendlyName", desired.FriendlyName);
  if (typeof desired.PolicySid === "string") query.set("PolicySid", desired.PolicySid);
  return query;
}

/** The look-up after an uncertain create failed too: what may exist, and how to find it. */
function lostCreateError(desired: FlatProfile, startedAt: number, cause: Error, lookupError: Error): ApiError {
  const name = str(desired.FriendlyName) ?? "(unnamed)";
  return new ApiError({
    api: "Twilio",
    operation: "create customer profile",
    apiMessage: `the outcome is unknown (${cause.message}), and looking for the profile it may have made failed too (${lookupError.message})`,
    hint: `A profile named "${name}" may exist in Twilio, made around ${new Date(startedAt).toISOString()}. Check the TrustHub Customer-Profiles list before the next up: if it is there, import it into this stack (set sid); otherwise the next up creates it`,
  });
}

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

/** Twilio TrustHub Customer-Profiles: form-encoded POSTs, JSON answers, Basic auth. */
export class TwilioClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    /** How long an uncertain create's profile is looked for: one request timeout. */
    private readonly lookupWindowMs: number = DEFAULT_LOOKUP_WINDOW_MS,
    /** The account the credentials act for, as the settings say it. */
    private readonly account: CredentialAccount = { sid: undefined, certain: false },
  ) {}

  static fromSettings(s: Settings): TwilioClient {
    const { user, password, account } = credentialsFrom(s);
    return new TwilioClient(httpClientFor(s, basic(user, password)), s.get(settings.baseUrl) ?? DEFAULT_BASE_URL, requestTimeoutMs(s), account);
  }

  private acting: Promise<string | undefined> | undefined;

  /**
   * Asked only before believing a profile is gone. One list GET proves that the base URL
   * answers as TrustHub's Customer-Profiles collection with these credentials (a mistyped path
   * on Twilio's host answers 20404 too, so a 20404 alone proves nothing). The account is the
   * Account SID the credentials authenticate as; for an API key, the account_sid of the profiles
   * the key lists, which must agree with `twilio:accountSid` when that is set too, else
   * `twilio:accountSid`; with neither, it cannot be told, and the message says what to set.
   */
  actingAccount(): Promise<string | undefined> {
    this.acting ??= (async () => {
      const operation = "check the Customer-Profiles endpoint";
      const page = await this.listPage(new URLSearchParams({ PageSize: "1" }), operation, `the answer was not a list of Customer-Profiles: check ${adapter.baseUrlSetting}`);
      if (this.account.certain) return this.account.sid;
      const listed = page.results[0]?.account_sid ?? undefined;
      if (listed !== undefined && this.account.sid !== undefined && listed !== this.account.sid) {
        throw new ApiError({ api: "Twilio", operation, apiMessage: `the API key lists profiles of account ${listed}, but ${settings.accountSid.config} says ${this.account.sid}`, hint: `Set ${settings.accountSid.config} to the account the API key belongs to` });
      }
      const account = listed ?? this.account.sid;
      if (account === undefined) {
        throw new ApiError({ api: "Twilio", operation, apiMessage: "which account the API key belongs to cannot be told (it lists no profile)", hint: `Set ${settings.accountSid.config} (or TWILIO_ACCOUNT_SID) to the account the API key belongs to` });
      }
      return account;
    })();
    this.acting.catch(() => (this.acting = undefined));
    return this.acting;
  }

  async locate(locator: Record<string, unknown>): Promise<string> {
    return String(locator.sid);
  }

  /** `undefined` only for Twilio's own 20404; the engine still confirms the account before it believes it. */
  async read(sid: string): Promise<ReadResult | undefined> {
    const request: HttpRequest = { method: "GET", url: this.profileUrl(sid), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (this.notFound(request, response)) return undefined;
    return readResultFrom(this.profileFrom("read customer profile", request, response));
  }

  /**
   * Never retried blindly: a create whose outcome is uncertain (no answer, a 5xx, an unreadable
   * answer) may still have made the profile. Twilio takes no idempotency key, so the profiles
   * that already match are listed first: after an uncertain create, only a matching profile
   * that was not in that list can be the one it made. Exactly one is taken; two or more (another
   * actor creating an identical profile in the same moments) fail the create rather than guess.
   */
  async create(desired: FlatProfile): Promise<{ id: string; result: ReadResult }> {
    const filter = matchFilter(desired);
    const before = new Set((await this.listAll(filter, "list matching customer profiles before create")).map((p) => p.sid));
    const request: HttpRequest = { method: "POST", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles"), headers: FORM, body: formFromFields(desired, "create").toString() };
    const startedAt = Date.now();
    try {
      const response = await this.http.send(request);
      if (response.status < 500) {
        const created = this.profileFrom("create customer profile", request, response, 201);
        return { id: created.sid, result: readResultFrom(created) };
      }
      throw this.errorFrom("create customer profile", request, response);
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      const found = await this.findCreated(desired, filter, before, startedAt, err as Error);
      if (!found) throw new ApiError({ api: "Twilio", operation: "create customer profile", apiMessage: `${(err as Error).message}; no profile made by this create was found, so the next up creates it` });
      return { id: found.sid, result: readResultFrom(found) };
    }
  }

  /**
   * Sets fields and may change the status, which is a one-way transition: never retried
   * blindly. When the outcome is unknown, or Twilio refuses what may be a repeat of a change
   * that already landed, the profile is read back and only what is still missing is sent again.
   */
  async write(sid: string, patch: FlatProfile): Promise<ReadResult> {
    let pending = patch;
    for (let attempt = 1; ; attempt++) {
      const request: HttpRequest = { method: "POST", url: this.profileUrl(sid), headers: FORM, body: formFromFields(pending, "update").toString(), idempotent: false };
      let failure: unknown;
      try {
        const response = await this.http.send(request);
        if (response.status < 400) return readResultFrom(this.profileFrom("update customer profile", request, response));
        failure = this.errorFrom("update customer profile", request, response);
      } catch (err) {
        failure = err;
      }
      const unknown = outcomeUnknown(failure);
      const refused = failure instanceof ApiError && failure.status === 400;
      if (!unknown && !refused) throw failure;
      const live = await this.read(sid);
      if (!live) throw failure;
      const missing = pick(pending, changedFields(fieldRules, pending, live.fields));
      if (Object.keys(missing).length === 0) return live;
      if (refused || attempt >= 2) throw failure;
      pending = missing;
    }
  }

  /** `false` for Twilio's own 20404 (already gone, once the engine confirms the account). */
  async remove(sid: string): Promise<boolean> {
    const request: HttpRequest = { method: "DELETE", url: this.profileUrl(sid), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status === 204) return true;
    if (this.notFound(request, response)) return false;
    throw this.errorFrom("delete customer profile", request, response);
  }

  /** Every profile, following Twilio's pages (PageSize at most 1,000, then meta.next_page_url). */
  async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const profiles = await this.listAll(new URLSearchParams(), "list customer profiles");
    return profiles.map((profile) => ({ id: profile.sid, result: readResultFrom(profile) }));
  }

  /**
   * The profile an uncertain create made: it carries every value the create sent and was not
   * listed before the create. A slow create may land after its answer was given up on, so the
   * search is repeated for up to one request timeout before concluding that nothing was made.
   * The date bound only trims old profiles from the search: it is widened by CLOCK_SKEW_MS so a
   * local clock ahead of Twilio's never hides this create's own profile.
   */
  private async findCreated(desired: FlatProfile, filter: URLSearchParams, before: Set<string>, startedAt: number, cause: Error): Promise<CustomerProfile | undefined> {
    const sent = pick(readResultFrom({ sid: "", status: "draft", friendly_name: str(desired.FriendlyName), email: str(desired.Email), policy_sid: str(desired.PolicySid), status_callback: str(desired.StatusCallback) }).fields, CREATE_FIELDS);
    const deadline = Date.now() + this.lookupWindowMs;
    for (let round = 0; ; round++) {
      let listed: CustomerProfile[];
      try {
        listed = await this.listAll(filter, "look for the profile an unanswered create made");
      } catch (lookupError) {
        throw lostCreateError(desired, startedAt, cause, lookupError as Error);
      }
      const candidates = listed.filter(
        (p) => !before.has(p.sid) && Date.parse(p.date_created ?? "") >= startedAt - CLOCK_SKEW_MS && changedFields(fieldRules, sent, readResultFrom(p).fields).length === 0,
      );
      if (candidates.length > 1) {
        throw new ApiError({
          api: "Twilio",
          operation: "create customer profile",
          apiMessage: `${cause.message}; ${candidates.length} identical profiles appeared while it ran (${candidates.map((p) => p.sid).join(", ")}) and which one this create made cannot be told, so none was taken`,
          hint: "Another stack or pipeline may be creating the same profile: check which is yours, then import it into this stack (set sid) or delete the extra one in the Twilio Console",
        });
      }
      if (candidates.length === 1 || Date.now() >= deadline) return candidates[0];
      await sleep(Math.min(LOOKUP_PAUSE_MS * 2 ** round, Math.max(0, deadline - Date.now())));
    }
  }

  private async listAll(filter: URLSearchParams, operation: string): Promise<CustomerProfile[]> {
    const profiles: CustomerProfile[] = [];
    const visited = new Set<string>();
    let query = new URLSearchParams({ ...Object.fromEntries(filter), PageSize: String(PAGE_SIZE) });
    for (;;) {
      visited.add(query.toString());
      const page = await this.listPage(query, operation);
      profiles.push(...page.results);
      const next = page.meta?.next_page_url;
      if (!next) return profiles;
      // Only the next page's query is taken from Twilio's absolute URL: requests (and the
      // credentials they carry) stay on the configured base URL.
      query = new URL(next).searchParams;
      // A next page already visited, or more pages than any account holds, would never end.
      if (visited.has(query.toString())) throw new ApiError({ api: "Twilio", operation, apiMessage: "Twilio's list pointed back to a page it had already answered, so paging was stopped" });
      if (visited.size >= MAX_PAGES) throw new ApiError({ api: "Twilio", operation, apiMessage: `Twilio's list went on past ${MAX_PAGES} pages of ${PAGE_SIZE} profiles, so paging was stopped` });
    }
  }

  /** One page of the Customer-Profiles list; anything but a 200 carrying a list is an error. */
  private async listPage(query: URLSearchParams, operation: string, notAList = "the answer was not a list of Customer-Profiles"): Promise<CustomerProfileList> {
    const request: HttpRequest = { method: "GET", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles", query), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status !== 200) throw this.errorFrom(operation, request, response);
    const page = listSchema.safeParse(readJsonAnswer("Twilio", operation, request, response));
    if (!page.success) throw new ApiError({ api: "Twilio", operation, status: response.status, apiMessage: notAList });
    return page.data;
  }

  /** A 404 carrying Twilio's own error body with code 20404; any other 404 is an error to report. */
  private notFound(request: HttpRequest, response: HttpResponse): boolean {
    if (response.status !== 404) return false;
    const parsed = errorSchema.safeParse(readJsonIfAny(request, response));
    return parsed.success && parsed.data.code === NOT_FOUND_CODE;
  }

  private profileUrl(sid: string): string {
    return apiUrl(this.baseUrl, `/v1/CustomerProfiles/${sid}`);
  }

  private profileFrom(operation: string, request: HttpRequest, response: HttpResponse, expected = 200) {
    if (response.status !== expected && !(expected === 200 && response.status === 201)) throw this.errorFrom(operation, request, response);
    const parsed = customerProfileSchema.safeParse(readJsonAnswer("Twilio", operation, request, response));
    if (!parsed.success) throw new ApiError({ api: "Twilio", operation, status: response.status, apiMessage: "the answer was not a Customer-Profile" });
    return parsed.data;
  }

  private errorFrom(operation: string, request: HttpRequest, response: HttpResponse): ApiError {
    const parsed = errorSchema.safeParse(readJsonIfAny(request, response));
    const error = parsed.success ? parsed.data : {};
    const statusRule = response.status === 400 && /status/i.test(error.message ?? "");
    return new ApiError({
      api: "Twilio",
      operation,
      status: response.status,
      apiCode: error.code,
      apiMessage: error.message,
      attempts: response.attempts,
      hint: [
        statusRule ? "Twilio refused this because of the profile's verification status: only draft profiles can be edited or submitted (see the status output)" : undefined,
        error.more_info ? `More: ${error.more_info}` : undefined,
      ].filter(Boolean).join(". ") || undefined,
    });
  }
}
