import { ApiError, apiUrl, changedFields, httpClientFor, pick, readJsonAnswer, requestTimeoutMs, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { HttpConnectionError, HttpTimeoutError, readJsonIfAny, redactor, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../../http";
import { fieldRules, formFromFields, readResultFrom } from "./fieldMap";
import { customerProfileSchema, errorSchema, listSchema, type CustomerProfile } from "./schema";

export const settings = {
  accountSid: { config: "twilio:accountSid", env: "TWILIO_ACCOUNT_SID" },
  authToken: { config: "twilio:authToken", env: "TWILIO_AUTH_TOKEN", secret: true },
  apiKey: { config: "twilio:apiKey", env: "TWILIO_API_KEY" },
  apiSecret: { config: "twilio:apiSecret", env: "TWILIO_API_SECRET", secret: true },
  baseUrl: { config: "twilio:trusthubBaseUrl", env: "TWILIO_TRUSTHUB_BASE_URL" },
} as const;

export const DEFAULT_BASE_URL = "https://trusthub.twilio.com";

const basic = (user: string, password: string): Middleware => {
  // The header carries the pair base64-encoded: a form of the secret the redactor must know too.
  redactor.addCredentialPair(user, password);
  const header = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return (next) => (request) => next({ ...request, headers: { ...request.headers, authorization: header } });
};

/** The Basic credentials Twilio recommends (API key + secret) or, failing those, Account SID + Auth Token. */
function credentialsFrom(s: Settings): [string, string] {
  const apiKey = s.get(settings.apiKey);
  if (apiKey) return [apiKey, s.require(settings.apiSecret)];
  return [s.require(settings.accountSid), s.require(settings.authToken)];
}

const PAGE_SIZE = 1000;
const DEFAULT_LOOKUP_WINDOW_MS = 30_000;
const LOOKUP_PAUSE_MS = 250;
const CREATE_FIELDS = ["FriendlyName", "Email", "PolicySid", "StatusCallback"];
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

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

/** Twilio TrustHub Customer-Profiles: form-encoded POSTs, JSON answers, Basic auth. */
export class TwilioClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    /** How long an uncertain create's profile is looked for: one request timeout. */
    private readonly lookupWindowMs: number = DEFAULT_LOOKUP_WINDOW_MS,
  ) {}

  static fromSettings(s: Settings): TwilioClient {
    const [user, password] = credentialsFrom(s);
    return new TwilioClient(httpClientFor(s, basic(user, password)), s.get(settings.baseUrl) ?? DEFAULT_BASE_URL, requestTimeoutMs(s));
  }

  async locate(locator: Record<string, unknown>): Promise<string> {
    return String(locator.sid);
  }

  /** 404 means the profile is gone: refresh then drops it from state. */
  async read(sid: string): Promise<ReadResult | undefined> {
    const response = await this.http.send({ method: "GET", url: this.profileUrl(sid), headers: { accept: "application/json" } });
    if (response.status === 404) return undefined;
    return readResultFrom(this.profileFrom("read customer profile", { method: "GET", url: this.profileUrl(sid) }, response));
  }

  /**
   * Never retried blindly: a create whose outcome is uncertain (no answer, a 5xx, an unreadable
   * answer) may still have made the profile. It is then looked for, and only a profile that
   * carries every value this create sent and was made no earlier than this create started can
   * be taken as the one it made, so a pre-existing profile is never taken for a created one.
   */
  async create(desired: FlatProfile): Promise<{ id: string; result: ReadResult }> {
    const request: HttpRequest = { method: "POST", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles"), headers: FORM, body: formFromFields(desired, "create").toString() };
    // Twilio's date_created has whole seconds.
    const startedAt = Math.floor(Date.now() / 1000) * 1000;
    try {
      const response = await this.http.send(request);
      if (response.status < 500) {
        const created = this.profileFrom("create customer profile", request, response, 201);
        return { id: created.sid, result: readResultFrom(created) };
      }
      throw this.errorFrom("create customer profile", request, response);
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      const found = await this.findCreated(desired, startedAt);
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

  /** A profile already gone counts as deleted. */
  async remove(sid: string): Promise<void> {
    const request: HttpRequest = { method: "DELETE", url: this.profileUrl(sid), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status === 204 || response.status === 404) return;
    throw this.errorFrom("delete customer profile", request, response);
  }

  /** Every profile, following Twilio's pages (PageSize at most 1,000, then meta.next_page_url). */
  async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const profiles = await this.listAll(new URLSearchParams(), "list customer profiles");
    return profiles.map((profile) => ({ id: profile.sid, result: readResultFrom(profile) }));
  }

  /**
   * The profile an uncertain create made: filtered by the create's own values, made no earlier
   * than it started. A slow create may land after its answer was given up on, so the search
   * is repeated for up to one request timeout before concluding that nothing was made.
   */
  private async findCreated(desired: FlatProfile, startedAt: number): Promise<CustomerProfile | undefined> {
    const query = new URLSearchParams();
    if (typeof desired.FriendlyName === "string") query.set("FriendlyName", desired.FriendlyName);
    if (typeof desired.PolicySid === "string") query.set("PolicySid", desired.PolicySid);
    const sent = readResultFrom({ sid: "", status: "draft", friendly_name: str(desired.FriendlyName), email: str(desired.Email), policy_sid: str(desired.PolicySid), status_callback: str(desired.StatusCallback) }).fields;
    const deadline = Date.now() + this.lookupWindowMs;
    for (let round = 0; ; round++) {
      const candidates = (await this.listAll(query, "look for the profile an unanswered create made")).filter(
        (p) => Date.parse(p.date_created ?? "") >= startedAt && changedFields(fieldRules, pick(sent, CREATE_FIELDS), readResultFrom(p).fields).length === 0,
      );
      // Oldest first: a second identical create made after this one is not ours.
      const found = candidates.sort((a, b) => (a.date_created ?? "").localeCompare(b.date_created ?? ""))[0];
      if (found || Date.now() >= deadline) return found;
      await sleep(Math.min(LOOKUP_PAUSE_MS * 2 ** round, Math.max(0, deadline - Date.now())));
    }
  }

  private async listAll(filter: URLSearchParams, operation: string): Promise<CustomerProfile[]> {
    const profiles: CustomerProfile[] = [];
    let query: URLSearchParams | undefined = new URLSearchParams({ ...Object.fromEntries(filter), PageSize: String(PAGE_SIZE) });
    while (query) {
      const request: HttpRequest = { method: "GET", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles", query), headers: { accept: "application/json" } };
      const response = await this.http.send(request);
      if (response.status !== 200) throw this.errorFrom(operation, request, response);
      const page = listSchema.safeParse(readJsonAnswer("Twilio", operation, request, response));
      if (!page.success) throw new ApiError({ api: "Twilio", operation, status: response.status, apiMessage: "the answer was not a list of Customer-Profiles" });
      profiles.push(...page.data.results);
      // Only the next page's query is taken from Twilio's absolute URL: requests (and the
      // credentials they carry) stay on the configured base URL.
      const next = page.data.meta?.next_page_url;
      query = next ? new URL(next).searchParams : undefined;
    }
    return profiles;
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
