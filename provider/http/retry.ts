import { HttpConnectionError, HttpTimeoutError } from "./errors";
import { decideRetry, defaultRetryPolicy, type AttemptOutcome, type RetryPolicy } from "./retryPolicy";
import { isIdempotent, type Middleware } from "./types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bounded retries: after the last attempt the final response (or error) is handed back, so the
 * API folder can turn it into one message in that API's terms.
 */
export function withRetry(policy: RetryPolicy = defaultRetryPolicy): Middleware {
  return (next) => async (request) => {
    const idempotent = isIdempotent(request);
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      try {
        const response = await next(request);
        outcome = { kind: "status", status: response.status, retryAfter: response.headers["retry-after"] };
        const decision = decideRetry(policy, outcome, attempt, idempotent, Date.now());
        if (!decision.retry) return { ...response, attempts: attempt };
        await sleep(decision.delayMs);
      } catch (err) {
        if (!(err instanceof HttpConnectionError || err instanceof HttpTimeoutError)) throw err;
        outcome = err instanceof HttpTimeoutError ? { kind: "timeout" } : { kind: "connection" };
        const decision = decideRetry(policy, outcome, attempt, idempotent, Date.now());
        if (!decision.retry) {
          Object.assign(err, { attempts: attempt });
          throw err;
        }
        await sleep(decision.delayMs);
      }
    }
  };
}
