import { BadBodyError, createHttpClient, readJson, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../http";
import { defaultTransportOptions } from "../http/transport";
import { ApiError } from "./errors";
import type { Settings } from "./settings";

const timeoutSetting = { config: "pulumi-profiles:timeoutMs", env: "PULUMI_PROFILES_TIMEOUT_MS", global: true };

/** The user's request timeout (`pulumi-profiles:timeoutMs` / PULUMI_PROFILES_TIMEOUT_MS), or the default. */
export function requestTimeoutMs(settings: Settings): number {
  const timeoutMs = Number(settings.get(timeoutSetting));
  return timeoutMs > 0 ? timeoutMs : defaultTransportOptions.timeoutMs;
}

/** The HTTP client an API folder talks through, with the user's timeout setting applied. */
export function httpClientFor(settings: Settings, auth: Middleware): HttpClient {
  return createHttpClient({ auth, timeoutMs: requestTimeoutMs(settings) });
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
    if (!(err instanceof BadBodyError)) throw err;
    throw new ApiError({ api, operation, status: response.status, apiMessage: `the answer could not be read (${err.reason})`, attempts: response.attempts });
  }
}
