import type { Fault } from "../../sandbox";
import { e2eApis } from "../support/apis";
import { ProfileDriver } from "../support/driver";
import { sandboxPerFile } from "../support/fixtures";

/**
 * Every API, every fault: either success after bounded retries, or one clear error after which
 * the next `up` converges. State always matches what the API confirmed.
 */
const sandbox = sandboxPerFile();

// Wide enough that a loaded CI machine never times out an answer that was not slowed on purpose.
const TIMEOUT_MS = 1000;
const API_NAMES: Record<string, string> = { wavix: "Wavix", voximplant: "Voximplant", twosms: "2sms", twilio: "Twilio" };

interface FaultCase {
  label: string;
  /** Made when injected, so an HTTP-date Retry-After is in the future then. */
  fault: () => Omit<Fault, "method" | "path">;
  /** recovers: the same up succeeds; fails: one clear error, and the next up converges. */
  outcome: "recovers" | "fails";
  message?: RegExp;
}

const cases: FaultCase[] = [
  { label: "429 with Retry-After in seconds", fault: () => ({ status: 429, headers: { "retry-after": "1" } }), outcome: "recovers" },
  { label: "429 with Retry-After as an HTTP date", fault: () => ({ status: 429, headers: { "retry-after": new Date(Date.now() + 1000).toUTCString() } }), outcome: "recovers" },
  { label: "502", fault: () => ({ status: 502 }), outcome: "recovers" },
  { label: "503", fault: () => ({ status: 503 }), outcome: "recovers" },
  { label: "504", fault: () => ({ status: 504 }), outcome: "recovers" },
  { label: "an answer slower than the timeout", fault: () => ({ delayMs: TIMEOUT_MS + 500 }), outcome: "recovers" },
  { label: "a connection reset before the answer", fault: () => ({ reset: true }), outcome: "recovers" },
  { label: "a connection reset mid-response", fault: () => ({ truncate: true }), outcome: "recovers" },
  { label: "a write applied whose answer is lost", fault: () => ({ loseResponse: true }), outcome: "recovers" },
  { label: "500 (not retried)", fault: () => ({ status: 500, body: "" }), outcome: "fails", message: /HTTP 500/ },
  { label: "503 on every attempt", fault: () => ({ status: 503, times: 3 }), outcome: "fails", message: /HTTP 503.* after 3 attempts/ },
  { label: "a malformed body", fault: () => ({ replaceBody: '{"broken' }), outcome: "fails", message: /not JSON|could not be read|not a|unexpected/ },
];

describe.each(e2eApis)("$name under faults", (api) => {
  const attemptsOf = () => api.requests(sandbox).filter((r) => r.method === api.writeRoute.method && api.writeRoute.path.test(r.path)).length;

  async function adopted(): Promise<ProfileDriver> {
    api.reset(sandbox);
    sandbox.clearLogs();
    const d = new ProfileDriver(api.name, { ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: String(TIMEOUT_MS) });
    await d.up(api.initial);
    sandbox.clearLogs();
    return d;
  }

  it.each(cases)("on the write: $label → $outcome", async ({ fault: makeFault, outcome, message }) => {
    const d = await adopted();
    const server = sandbox.servers[api.name]!;
    const fault = makeFault();
    server.inject({ ...fault, method: api.writeRoute.method, path: api.writeRoute.path, times: fault.times ?? 1 });
    const want = api.change.inputs[api.change.field];
    const stateBefore = d.state;

    if (outcome === "recovers") {
      await d.up(api.change.inputs);
      expect(attemptsOf()).toBeGreaterThanOrEqual(2);
      expect(attemptsOf()).toBeLessThanOrEqual(3);
    } else {
      const error = (await d.up(api.change.inputs).catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(new RegExp(`^${API_NAMES[api.name]} update [a-z ]+ failed`));
      expect(error.message).toMatch(message!);
      // Pulumi keeps the last confirmed state; the next up converges.
      expect(d.state).toBe(stateBefore);
      server.clearFaults();
      await d.up(api.change.inputs);
    }
    server.clearFaults();
    // A slowed request is still applied by the emulator after the client gave up on it: let it
    // land here rather than in the next test.
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    expect(api.current(sandbox, api.change.field)).toEqual(want);
    expect((d.state as Record<string, unknown>)[api.change.field]).toEqual(want);
    sandbox.clearLogs();
    expect((await d.up(api.change.inputs)).changed).toBe(false);
    expect(api.writes(sandbox)).toHaveLength(0);
  });

  it("on the read: 503 then success, and drift is still seen", async () => {
    const d = await adopted();
    const { field } = api.drift(sandbox);
    sandbox.servers[api.name]!.inject({ method: api.readRoute.method, path: api.readRoute.path, status: 503 });
    await d.refresh();
    expect((d.inputs as Record<string, unknown>)[field]).toEqual(api.current(sandbox, field));
  });
});
