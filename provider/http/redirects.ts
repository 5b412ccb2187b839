import { RedirectRefusedError } from "./errors";
import { urlForMessages } from "./redact";
import type { Middleware } from "./types";

function absoluteLocation(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

/**
 * A 3xx answer becomes a RedirectRefusedError instead of a request to the Location: undici does
 * not follow redirects unless told to, and this layer makes that a stated, tested rule, so an
 * Authorization header (or a secret in a body) never reaches a host other than the configured
 * one. 304 is not a redirect; no request here is conditional, so it passes as any other status.
 */
export function refuseRedirects(): Middleware {
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
    const location = response.headers.location;
    throw new RedirectRefusedError({
      method: request.method,
      url: urlForMessages(request.url),
      status: response.status,
      // Made absolute here; RedirectRefusedError keeps its query string out of the message.
      location: location === undefined ? undefined : absoluteLocation(location, request.url),
      attempts: response.attempts,
    });
  };
}
