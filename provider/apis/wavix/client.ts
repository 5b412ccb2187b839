import { ApiError, apiUrl, httpClientFor, readJsonAnswer, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { adapter } from ".";
import { readJsonIfAny, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../../http";
import { fieldsFromResponse, requestBodyFromPatch } from "./fieldMap";
import { errorResponseSchema, profileResponseSchema, type WavixProfileResponse } from "./schema";

export const settings = {
  apiKey: { config: "wavix:apiKey", env: "WAVIX_API_KEY", secret: true },
  baseUrl: { config: adapter.baseUrlSetting, env: "WAVIX_BASE_URL", shared: true },
} as const;

export const DEFAULT_BASE_URL = "https://api.wavix.com";

const bearer = (apiKey: string): Middleware => (next) => (request) =>
  next({ ...request, headers: { ...request.headers, authorization: `Bearer ${apiKey}` } });

function apiError(operation: string, response: HttpResponse, request: HttpRequest): ApiError {
  const parsed = errorResponseSchema.safeParse(readJsonIfAny(request, response));
  const envelope = parsed.success ? parsed.data : {};
  const field = envelope.errors ? Object.keys(envelope.errors)[0] : undefined;
  return new ApiError({
    api: "Wavix",
    operation,
    status: response.status,
    apiMessage: envelope.message ?? (typeof envelope.error === "string" ? envelope.error : undefined),
    field,
    attempts: response.attempts,
  });
}

export class WavixClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  static fromSettings(s: Settings): WavixClient {
    const apiKey = s.require(settings.apiKey);
    const baseUrl = s.get(settings.baseUrl) ?? DEFAULT_BASE_URL;
    return new WavixClient(httpClientFor(s, bearer(apiKey)), baseUrl);
  }

  async read(): Promise<ReadResult> {
    return readResultFrom(await this.call("read profile", { method: "GET", url: apiUrl(this.baseUrl, "/v1/profile") }));
  }

  private acting: Promise<string | undefined> | undefined;

  /** The key's own account: the profile's `id` is its account ID (Wavix's GET /v1/profile). One GET per process. */
  actingAccount(): Promise<string | undefined> {
    this.acting ??= this.read().then((result) => result.account);
    // A failed read is not remembered: the next caller asks again.
    this.acting.catch(() => (this.acting = undefined));
    return this.acting;
  }

  /** PUT answers with the updated profile, so no GET follows the write. */
  async write(_id: string, patch: Record<string, unknown>): Promise<ReadResult> {
    const request: HttpRequest = {
      method: "PUT",
      url: apiUrl(this.baseUrl, "/v1/profile"),
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(requestBodyFromPatch(patch as never)),
    };
    return readResultFrom(await this.call("update profile", request));
  }

  private async call(operation: string, request: HttpRequest) {
    const response = await this.http.send({ ...request, headers: { accept: "application/json", ...request.headers } });
    if (response.status < 200 || response.status >= 300) throw apiError(operation, response, request);
    const parsed = profileResponseSchema.safeParse(readJsonAnswer("Wavix", operation, request, response));
    if (!parsed.success) throw new ApiError({ api: "Wavix", operation, status: response.status, apiMessage: `unexpected profile shape: ${parsed.error.issues[0]?.message ?? "invalid"}` });
    return parsed.data;
  }
}

/** The profile's fields, and its `id` (the account ID, per Wavix's profile response) as the account it belongs to. */
function readResultFrom(profile: WavixProfileResponse): ReadResult {
  return { fields: fieldsFromResponse(profile), ...(profile.id !== undefined ? { account: String(profile.id) } : {}) };
}
