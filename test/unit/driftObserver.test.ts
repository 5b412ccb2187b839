import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DriftObserver, Observation, OBSERVATIONS_ENV, OBSERVATIONS_KEY_ENV } from "../../provider/engine/driftObservations";
import { defaultNormalizer, UNKNOWN } from "../../provider/engine/fields";

const lowerCase = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : null);
const normalizerFor = (path: string) => (path === "email" ? (lowerCase as never) : defaultNormalizer);

describe("what the provider records for pulumi-profiles drift", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "observer-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const env = (file: string) => ({ [OBSERVATIONS_ENV]: file, [OBSERVATIONS_KEY_ENV]: "one-run-key" });
  const records = (file: string) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => ({ line, record: Observation.parse(JSON.parse(line)) }));

  it("records nothing unless the drift command named both the file and the key", () => {
    expect(DriftObserver.fromEnv({}, "wavix", normalizerFor)).toBeUndefined();
    expect(DriftObserver.fromEnv({ [OBSERVATIONS_ENV]: join(dir, "x") }, "wavix", normalizerFor)).toBeUndefined();
    expect(DriftObserver.fromEnv({ [OBSERVATIONS_KEY_ENV]: "k" }, "wavix", normalizerFor)).toBeUndefined();
  });

  it("writes decisions and digests, never a value, and compares as the API normalises", () => {
    const file = join(dir, "observations.jsonl");
    const observer = DriftObserver.fromEnv(env(file), "twosms", normalizerFor)!;
    const last = { email: "Ops@Example.com", SMSPassword: "Pa55-word-applied", name: "Acme" };
    observer.read("acc-1", undefined, last, { email: "ops@example.com ", SMSPassword: "Pa55-word-console", name: "Acme" }, []);
    observer.diff("acc-1", undefined, "sms", { email: "ops@example.com", SMSPassword: "Pa55-word-applied", name: UNKNOWN }, ["SMSPassword"]);
    const [read, diff] = records(file);
    for (const { line } of [read!, diff!]) for (const value of ["Pa55-word", "Acme", "xample"]) expect(line).not.toContain(value);
    expect(read!.record).toMatchObject({ kind: "read", id: "acc-1", gone: false, liveChanged: ["SMSPassword"] });
    expect(diff!.record).toMatchObject({ kind: "diff", owner: "sms", changed: ["SMSPassword"], unknown: ["name"] });
    // The same value (as the API compares it) on both sides gives the same digest; another one does not.
    if (read!.record.kind !== "read" || diff!.record.kind !== "diff") throw new Error("unexpected records");
    expect(diff!.record.program.email).toBe(read!.record.lastApplied.email);
    expect(diff!.record.program.SMSPassword).toBe(read!.record.lastApplied.SMSPassword);
    expect(Object.keys(diff!.record.program)).toEqual(["email", "SMSPassword"]);
  });

  it("digests depend on the run's key: another run cannot match them", () => {
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    DriftObserver.fromEnv(env(a), "wavix", normalizerFor)!.read("p", undefined, { x: "same" }, { x: "same" }, []);
    DriftObserver.fromEnv({ ...env(b), [OBSERVATIONS_KEY_ENV]: "another-key" }, "wavix", normalizerFor)!.read("p", undefined, { x: "same" }, { x: "same" }, []);
    const digest = (file: string) => (records(file)[0]!.record as { lastApplied: Record<string, string> }).lastApplied.x;
    expect(digest(a)).not.toBe(digest(b));
  });
});
