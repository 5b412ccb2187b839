import { ApiError, apiUrl, httpClientFor, readJsonAnswer, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { HttpConnectionError, HttpTimeoutError, readJsonIfAny, redactor, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../../http";
import { formFromFields, readResultFrom } from "./fieldMap";
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

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

/** Twilio TrustHub Customer-Profiles: form-encoded POSTs, JSON answers, Basic auth. */
export class TwilioClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  static fromSettings(s: Settings): TwilioClient {
    const [user, password] = credentialsFrom(s);
    return new TwilioClient(httpClientFor(s, basic(user, password)), s.get(settings.baseUrl) ?? DEFAULT_BASE_URL);
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
   * Not retried blindly: a create whose answer was lost may still have happened. After an
   * ambiguous failure the list is searched for the profile it would have made, so a retried
   * `up` adopts it instead of creating a duplicate.
   */
  async create(desired: FlatProfile): Promise<{ id: string; result: ReadResult }> {
    const request: HttpRequest = { method: "POST", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles"), headers: FORM, body: formFromFields(desired, "create").toString() };
    let response: HttpResponse;
    try {
      response = await this.http.send(request);
    } catch (err) {
      if (!(err instanceof HttpConnectionError || err instanceof HttpTimeoutError)) throw err;
      const found = await this.findCreated(desired);
      if (!found) throw new ApiError({ api: "Twilio", operation: "create customer profile", apiMessage: `${err.message}; no profile was created` });
      return { id: found.sid, result: readResultFrom(found) };
    }
    const created = this.profileFrom("create customer profile", request, response, 201);
    return { id: created.sid, result: readResultFrom(created) };
  }

  async write(sid: string, patch: FlatProfile): Promise<ReadResult> {
    // Setting fields to given values: safe to send twice, so retried like a PUT.
    const request: HttpRequest = { method: "POST", url: this.profileUrl(sid), headers: FORM, body: formFromFields(patch, "update").toString(), idempotent: true };
    return readResultFrom(this.profileFrom("update customer profile", request, await this.http.send(request)));
  }

  /** A profile already gone counts as deleted. */
  async remove(sid: string): Promise<void> {
    const request: HttpRequest = { method: "DELETE", url: this.profileUrl(sid), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status === 204 || response.status === 404) return;
    throw this.errorFrom("delete customer profile", request, response);
  }

  /** One page of up to 1,000 profiles: TrustHub accounts hold a handful. */
  async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const request: HttpRequest = { method: "GET", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles", new URLSearchParams({ PageSize: "1000" })), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status !== 200) throw this.errorFrom("list customer profiles", request, response);
    const list = listSchema.safeParse(readJsonAnswer("Twilio", "list customer profiles", request, response));
    if (!list.success) throw new ApiError({ api: "Twilio", operation: "list customer profiles", status: response.status, apiMessage: "the answer was not a list of Customer-Profiles" });
    return list.data.results.map((profile) => ({ id: profile.sid, result: readResultFrom(profile) }));
  }

  private async findCreated(desired: FlatProfile): Promise<CustomerProfile | undefined> {
    const query = new URLSearchParams({ PageSize: "50" });
    if (typeof desired.FriendlyName === "string") query.set("FriendlyName", desired.FriendlyName);
    if (typeof desired.PolicySid === "string") query.set("PolicySid", desired.PolicySid);
    const request: HttpRequest = { method: "GET", url: apiUrl(this.baseUrl, "/v1/CustomerProfiles", query), headers: { accept: "application/json" } };
    const response = await this.http.send(request);
    if (response.status !== 200) throw this.errorFrom("look for the profile a lost create made", request, response);
    const list = listSchema.safeParse(readJsonAnswer("Twilio", "look for the profile a lost create made", request, response));
    const matches = (list.success ? list.data.results : []).filter((p) => p.email?.toLowerCase() === String(desired.Email ?? "").toLowerCase());
    // Newest first: the one the lost create made.
    return matches.sort((a, b) => (b.date_created ?? "").localeCompare(a.date_created ?? ""))[0];
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
