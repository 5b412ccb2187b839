import { ApiError, apiUrl, httpClientFor, readJsonAnswer, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { redactor, type HttpClient, type HttpRequest, type Middleware } from "../../http";
import { adapter } from ".";
import { loadCredentials } from "./credentials";
import { fieldOfErrorCode, fieldRules, fieldsFromAccountInfo, queryFromPatch } from "./fieldMap";
import { TokenCache } from "./jwt";
import { accountInfoSchema, envelopeSchema } from "./schema";

export const baseUrlSetting = { config: adapter.baseUrlSetting, env: "VOXIMPLANT_BASE_URL", shared: true } as const;
export const DEFAULT_BASE_URL = "https://api.voximplant.com";

/**
 * A fresh-enough JWT on every attempt, so a retry after a long Retry-After never sends an expired
 * one. A signed token is a credential for its lifetime, so the redactor learns each one.
 */
const jwtBearer = (tokens: TokenCache): Middleware => (next) => (request) => {
  const token = tokens.get();
  redactor.add(token);
  return next({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
};

/**
 * Secret parameters (password, salt) leave the query string for a form body of the same POST:
 * proxies and gateways log URLs. The API reads body parameters (the official clients send every
 * parameter in the body), so the split changes nothing it sees.
 */
export function splitSecretParams(params: URLSearchParams): { query: URLSearchParams; body: URLSearchParams } {
  const query = new URLSearchParams();
  const body = new URLSearchParams();
  for (const [name, value] of params) (fieldRules[name]?.secret ? body : query).append(name, value);
  return { query, body };
}

/**
 * Voximplant Management API: `POST /platform_api/<Method>` with the non-secret parameters in the
 * query string, as the seed documents them, and secret ones in a form body. A body carrying
 * `error` is a failure whatever the status.
 */
export class VoximplantClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    /** The account of the service account's credentials.json (its `account_id`). */
    private readonly account: string,
  ) {}

  static fromSettings(settings: Settings): VoximplantClient {
    const credentials = loadCredentials(settings);
    const baseUrl = settings.get(baseUrlSetting) ?? DEFAULT_BASE_URL;
    return new VoximplantClient(httpClientFor(settings, jwtBearer(new TokenCache(credentials))), baseUrl, String(credentials.account_id));
  }

  /** A service account acts for the account its credentials.json names: known without a request. */
  async actingAccount(): Promise<string> {
    return this.account;
  }

  async read(): Promise<ReadResult> {
    const result = await this.call("GetAccountInfo", "read account info", new URLSearchParams());
    const info = accountInfoSchema.safeParse(result);
    if (!info.success) throw new ApiError({ api: "Voximplant", operation: "read account info", apiMessage: "GetAccountInfo answered without an account" });
    // The salt is readable but secret: from now on no message may print it.
    redactor.add(info.data.callback_salt);
    return { fields: fieldsFromAccountInfo(info.data), account: String(info.data.account_id) };
  }

  /** SetAccountInfo answers `{result: 1}`, not the account, so the engine keeps what it sent. */
  async write(_id: string, patch: FlatProfile): Promise<undefined> {
    await this.call("SetAccountInfo", "update account info", queryFromPatch(patch));
    return undefined;
  }

  private async call(method: string, operation: string, params: URLSearchParams): Promise<unknown> {
    const { query, body } = splitSecretParams(params);
    // SetAccountInfo is a POST but sets fields to given values: sending it twice is harmless.
    const request: HttpRequest = { method: "POST", url: apiUrl(this.baseUrl, `/platform_api/${method}`, query), headers: { accept: "application/json" }, idempotent: true };
    if (body.size > 0) {
      request.headers = { ...request.headers, "content-type": "application/x-www-form-urlencoded" };
      request.body = body.toString();
    }
    const response = await this.http.send(request);
    const envelope = envelopeSchema.safeParse(readJsonAnswer("Voximplant", operation, request, response));
    const error = envelope.success ? envelope.data.error : undefined;
    if (error || response.status >= 400 || !envelope.success) {
      throw new ApiError({
        api: "Voximplant",
        operation,
        status: response.status,
        apiCode: error?.code,
        apiMessage: error?.msg ?? "unexpected answer",
        field: error ? fieldOfErrorCode[error.code] : undefined,
        attempts: response.attempts,
      });
    }
    return envelope.data.result;
  }
}
