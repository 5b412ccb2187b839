import { ApiError, apiUrl } from "../../engine";
import { readJsonIfAny, redactor, type HttpRequest, type Middleware, type Send } from "../../http";
import { tokenResponseSchema } from "./schema";

/** 2sms tokens live 8 hours; one is replaced this long before it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * OAuth2 client credentials as 2sms documents them: `POST /Token`, then `Authorization: Bearer`.
 * The token is fetched once, reused until shortly before expiry, and fetched anew once when the
 * API answers 401 (revoked or expired early). Requests that need a token while one is being
 * fetched wait for that fetch (single-flight): a refresh of many 2sms resources in parallel asks
 * for one token, not one each.
 */
export function oauthClientCredentials(baseUrl: string, credentials: ClientCredentials, send: Send, now: () => number = Date.now): Middleware {
  let token: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const requestToken = async (): Promise<string> => {
    const request: HttpRequest = {
      method: "POST",
      url: apiUrl(baseUrl, "/Token"),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret }).toString(),
      // Asking for a token has no side effect worth protecting.
      idempotent: true,
    };
    const response = await send(request);
    const body = readJsonIfAny(request, response);
    const parsed = tokenResponseSchema.safeParse(body);
    if (response.status !== 200 || !parsed.success) {
      const reason = (body as { error_description?: string; error?: string } | undefined) ?? {};
      throw new ApiError({ api: "2sms", operation: "get access token", status: response.status, apiCode: reason.error, apiMessage: reason.error_description ?? "no access token in the answer", attempts: response.attempts });
    }
    redactor.add(parsed.data.access_token);
    const lifetimeMs = (parsed.data.expires_in ?? 8 * 3600) * 1000;
    token = { value: parsed.data.access_token, expiresAt: now() + lifetimeMs };
    return token.value;
  };

  const fetchToken = (): Promise<string> => {
    inFlight ??= requestToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const current = async () => (token && token.expiresAt - RENEW_BEFORE_MS > now() ? token.value : fetchToken());

  return (next) => async (request) => {
    const withToken = async (value: string) => next({ ...request, headers: { ...request.headers, authorization: `Bearer ${value}` } });
    const used = await current();
    const response = await withToken(used);
    if (response.status !== 401) return response;
    // The first request refused with this token drops it; the others refused with it wait for
    // the same new one (or use it, if it has already come).
    if (token?.value === used) token = undefined;
    return withToken(await current());
  };
}
