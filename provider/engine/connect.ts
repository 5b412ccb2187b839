import { createHttpClient, readJson, type BadBodyError, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../http";
import { ApiError } from "./errors";
import type { Settings } from "./settings";

const timeoutSetting = { config: "pulumi-profiles:timeoutMs", env: "PULUMI_PROFILES_TIMEOUT_MS" };

/** The HTTP client an API folder talks through, with the user's timeout setting applied. */
export function httpClientFor(settings: Settings, auth: Middleware): HttpClient {
  const timeout = settings.get(timeoutSetting);
  const timeoutMs = timeout === undefined ? undefined : Number(timeout);
  return createHttpClient({ auth, ...(timeoutMs && timeoutMs > 0 ? { timeoutMs } : {}) });
}

/** Joins a base URL (which may carry a path prefix) and an API path. */
export function apiUrl(baseUrl: string, path: string, query?: URLSearchParams): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  if (query) url.search = query.toString();
  return url.toString();
}

/** A success answer's JSON; a malformed one is that API's failure, named like any other. */
export function readJsonAnswer(api: string, operation: string, request: HttpRequest, response: HttpResponse): unknown {
  try {
    return readJson(request, response);
  } catch (err) {
    throw new ApiError({ api, operation, status: response.status, apiMessage: `the answer was not JSON (${(err as BadBodyError).message.split(": ").pop()})`, attempts: response.attempts });
  }
}
