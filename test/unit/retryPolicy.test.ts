import { backoffDelay, decideRetry, defaultRetryPolicy, parseRetryAfter } from "../../provider/http/retryPolicy";

const now = Date.parse("2026-11-28T12:00:00Z");
const fixedRandom = () => 0.5;

describe("Retry-After", () => {
  it.each([
    ["delta seconds", "3", 3000],
    ["zero", "0", 0],
    ["an HTTP date 5 s ahead", "Sat, 28 Nov 2026 12:00:05 GMT", 5000],
    ["an HTTP date in the past", "Sat, 28 Nov 2026 11:00:00 GMT", 0],
    ["garbage", "soon", undefined],
    ["absent", undefined, undefined],
  ])("reads %s", (_label, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe("decideRetry", () => {
  const policy = defaultRetryPolicy;
  it.each([
    ["503 on an idempotent call", { kind: "status", status: 503 } as const, 1, true, true],
    ["502 on an idempotent call", { kind: "status", status: 502 } as const, 1, true, true],
    ["504 on an idempotent call", { kind: "status", status: 504 } as const, 2, true, true],
    ["503 on the last attempt", { kind: "status", status: 503 } as const, 3, true, false],
    ["500 (not in the list)", { kind: "status", status: 500 } as const, 1, true, false],
    ["400", { kind: "status", status: 400 } as const, 1, true, false],
    ["503 on a create", { kind: "status", status: 503 } as const, 1, false, false],
    ["429 on a create (refused before any work)", { kind: "status", status: 429 } as const, 1, false, true],
    ["a reset on an idempotent call", { kind: "connection" } as const, 1, true, true],
    ["a reset on a create", { kind: "connection" } as const, 1, false, false],
    ["a timeout on a create", { kind: "timeout" } as const, 1, false, false],
  ])("%s → retry %s", (_label, outcome, attempt, idempotent, expected) => {
    expect(decideRetry(policy, outcome, attempt, idempotent, now, fixedRandom).retry).toBe(expected);
  });

  it("honours Retry-After but caps it", () => {
    expect(decideRetry(policy, { kind: "status", status: 429, retryAfter: "2" }, 1, true, now).delayMs).toBe(2000);
    expect(decideRetry(policy, { kind: "status", status: 429, retryAfter: "3600" }, 1, true, now).delayMs).toBe(policy.maxRetryAfterMs);
  });

  it("backs off exponentially with jitter, within the cap", () => {
    const delays = [1, 2, 3, 4, 10].map((attempt) => backoffDelay(policy, attempt, fixedRandom));
    expect(delays).toEqual([150, 300, 600, 1200, 3750]);
    for (let i = 0; i < 100; i++) expect(backoffDelay(policy, 20, Math.random)).toBeLessThanOrEqual(policy.maxDelayMs);
  });
});
