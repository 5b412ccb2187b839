import type { Fault } from "../../sandbox";
import { e2eApis } from "../support/apis";
import { ProfileDriver } from "../support/driver";
import { sandboxPerFile } from "../support/fixtures";

/**
 * Fast unit-level check of the provider's own fault handling, through the test driver (a
 * simulation of the engine). The claims users rely on are proven through the real Pulumi CLI in
 * test/e2e/faultMatrix.test.ts; this file keeps the per-fault detail cheap to run.
 * Every API, every fault: either success after bounded retries, or one clear error after which
 * the next `up` converges.
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
  /** The emulator applied the faulted write (only its answer went wrong). */
  applied?: boolean;
  /**
   * Twilio's update POST is not idempotent (status transitions): it is never resent blindly but
   * read back, and only what is missing is sent again; so its outcome can differ.
   */
  twilio?: "recovers" | "fails";
}

const cases: FaultCase[] = [
  { label: "429 with Retry-After in seconds", fault: () => ({ status: 429, headers: { "retry-after": "1" } }), outcome: "recovers" },
  { label: "429 with Retry-After as an HTTP date", fault: () => ({ status: 429, headers: { "retry-after": new Date(Date.now() + 1000).toUTCString() } }), outcome: "recovers" },
  { label: "502", fault: () => ({ status: 502 }), outcome: "recovers" },
  { label: "503", fault: () => ({ status: 503 }), outcome: "recovers" },
  { label: "504", fault: () => ({ status: 504 }), outcome: "recovers" },
  { label: "an answer slower than the timeout", fault: () => ({ delayMs: TIMEOUT_MS + 500 }), outcome: "recovers" },
  { label: "a connection reset before the answer", fault: () => ({ reset: true }), outcome: "recovers" },
  { label: "a connection reset mid-response", fault: () => ({ truncate: true }), outcome: "recovers", applied: true },
  { label: "a write applied whose answer is lost", fault: () => ({ loseResponse: true }), outcome: "recovers", applied: true },
  { label: "500 (not retried)", fault: () => ({ status: 500, body: "" }), outcome: "fails", message: /HTTP 500/, twilio: "recovers" },
  { label: "503 on every attempt", fault: () => ({ status: 503, times: 3 }), outcome: "fails", message: /HTTP 503/ },
  { label: "a malformed body", fault: () => ({ replaceBody: '{"broken' }), outcome: "fails", message: /could not be read|not a|unexpected/, applied: true, twilio: "recovers" },
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

  it.each(cases)("on the write: $label → $outcome", async ({ fault: makeFault, outcome: usual, message, applied, twilio }) => {
    const outcome = api.name === "twilio" ? (twilio ?? usual) : usual;
    const d = await adopted();
    const server = sandbox.servers[api.name]!;
    const fault = makeFault();
    server.inject({ ...fault, method: api.writeRoute.method, path: api.writeRoute.path, times: fault.times ?? 1 });
    const want = api.change.inputs[api.change.field];

    if (outcome === "recovers") {
      await d.up(api.change.inputs);
      // A write that landed is not sent again where sending twice is not safe (Twilio).
      if (api.name === "twilio" && applied) expect(attemptsOf()).toBe(1);
      else expect(attemptsOf()).toBeGreaterThanOrEqual(2);
      expect(attemptsOf()).toBeLessThanOrEqual(3);
    } else {
      const error = (await d.up(api.change.inputs).catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(new RegExp(`^${API_NAMES[api.name]} update [a-z ]+ failed`));
      expect(error.message).toMatch(message!);
      if (api.name !== "twilio" && fault.times === 3) expect(error.message).toMatch(/after 3 attempts/);
      // An update records no partial state, so the kept state still differs and the next up writes.
      expect(error).not.toHaveProperty("properties");
      expect(await d.preview(api.change.inputs)).toBe(true);
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
