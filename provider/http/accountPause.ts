import { parseRetryAfter, type RetryPolicy } from "./retryPolicy";
import type { Middleware } from "./types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client serves one account (provider/engine/lifecycle.ts keeps one per account), and an API's
 * 429 is about that account: once an answer says how long to wait (Retry-After), every request
 * of this client waits that long before it goes out, not only the refused one, while the clients
 * of other accounts go on. Without it, the account's other requests would each run into the same
 * 429 and spend their own retries on it.
 */
export function pauseAccountOnTooManyRequests(policy: RetryPolicy, now: () => number = Date.now): Middleware {
  let pausedUntil = 0;
  return (next) => async (request) => {
    // Another 429 may extend the pause while this request waits.
    for (let wait = pausedUntil - now(); wait > 0; wait = pausedUntil - now()) await sleep(wait);
    const response = await next(request);
    if (response.status === 429) {
      const retryAfter = parseRetryAfter(response.headers["retry-after"], now());
      if (retryAfter !== undefined) pausedUntil = Math.max(pausedUntil, now() + Math.min(retryAfter, policy.maxRetryAfterMs));
    }
    return response;
  };
}
