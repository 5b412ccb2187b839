/**
 * When to try a request again, as data plus pure functions (undici's retry interceptor is the
 * model). Only idempotent calls are retried after a server or connection failure; a 429 is
 * retried for any call because the server refused it before doing anything.
 */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client will honour; longer waits are cut to this. */
  maxRetryAfterMs: number;
  retryStatuses: readonly number[];
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  retryStatuses: [429, 502, 503, 504],
};

export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfter?: string | undefined }
  | { kind: "connection" }
  | { kind: "timeout" };

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

/** Parses Retry-After given as delta-seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Exponential backoff with full jitter: spreads the retries of many concurrent profiles. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function decideRetry(
  policy: RetryPolicy,
  outcome: AttemptOutcome,
  attempt: number,
  idempotent: boolean,
  now: number,
  random: () => number = Math.random,
): RetryDecision {
  const no = { retry: false, delayMs: 0 };
  if (attempt >= policy.maxAttempts) return no;
  if (outcome.kind === "status") {
    if (!policy.retryStatuses.includes(outcome.status)) return no;
    if (outcome.status !== 429 && !idempotent) return no;
    const retryAfter = parseRetryAfter(outcome.retryAfter, now);
    if (retryAfter !== undefined) return { retry: true, delayMs: Math.min(retryAfter, policy.maxRetryAfterMs) };
    return { retry: true, delayMs: backoffDelay(policy, attempt, random) };
  }
  if (!idempotent) return no;
  return { retry: true, delayMs: backoffDelay(policy, attempt, random) };
}
