import { buildReport, programEdit } from "../../cli/drift/analyze";
import type { StackObservation } from "../../cli/drift/collect";
import { DriftReport } from "../../cli/drift/report";
import { defaultNormalizer } from "../../provider/engine/fields";
import type { DiffObservation, ReadObservation } from "../../provider/engine/driftObservations";
import { driftNotices } from "../../provider/apis/twilio/notices";

const WAVIX = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/wavix:Profile::main";
const TWILIO = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/twilio:CustomerProfile::support";
const lowerCaseEmail = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : null);

function observation(parts: Partial<StackObservation>): StackObservation {
  return { project: "proj", stack: "dev", readAt: "2026-11-30T00:00:00Z", resources: [], pendingOperations: [], steps: [], observations: [], ...parts };
}

const read = (fields: Partial<ReadObservation>): ReadObservation => ({ kind: "read", api: "wavix", id: "profile", gone: false, lastApplied: {}, live: {}, lastAppliedDigests: {}, liveDigests: {}, notices: [], ...fields });
const diff = (fields: Partial<DiffObservation>): DiffObservation => ({ kind: "diff", api: "wavix", id: "profile", owner: "main", program: {}, programDigests: {}, unknown: [], ...fields });

function report(last: Record<string, string>, live: Record<string, string>, program: Record<string, string>, extra: Partial<StackObservation> = {}) {
  return buildReport(
    observation({
      resources: [{ urn: WAVIX, type: "pulumi-nodejs:dynamic/wavix:Profile", id: "profile", owner: "main" }],
      observations: [read({ lastApplied: last, live }), diff({ program })],
      ...extra,
    }),
    { displayName: (api) => ({ wavix: "Wavix", twilio: "Twilio" })[api], normalizerFor: (_api, path) => (path === "email" ? (lowerCaseEmail as never) : defaultNormalizer) },
  );
}

describe("drift verdicts, one per field, from last applied / live / program", () => {
  it.each([
    ["drift: live moved, the program did not", { a: "1" }, { a: "2" }, { a: "1" }, "drift", "drifted"],
    ["program: the program moved, live did not", { a: "1" }, { a: "1" }, { a: "3" }, "program", "pending"],
    ["conflict: both moved, apart", { a: "1" }, { a: "2" }, { a: "3" }, "conflict", "conflict"],
    ["converged: both moved, to the same value", { a: "1" }, { a: "2" }, { a: "2" }, "converged", "in-sync"],
    ["a field the program starts to manage", {}, {}, { a: "3" }, "program", "pending"],
    ["a field the program lets go", { a: "1" }, { a: "1" }, {}, "program", "pending"],
  ] as const)("%s", (_case, last, live, program, verdict, state) => {
    const built = DriftReport.parse(report(last, live, program));
    expect(built.profiles[0]!.fields.map((f) => f.verdict)).toEqual([verdict]);
    expect(built.profiles[0]!.state).toBe(state);
    expect(built.outcome).toBe(state === "in-sync" ? "clean" : "changes");
  });

  it("compares as the API normalises: a value the API would store the same is no change", () => {
    const built = report({ email: "ops@example.com", a: "x" }, { email: "OPS@example.com ", a: " x " }, { email: "ops@example.com", a: "x" });
    expect(built.profiles[0]).toMatchObject({ state: "in-sync", fields: [] });
  });

  it("secrets compare by digest and carry no value, only the verdict and the ways out", () => {
    const built = buildReport(
      observation({
        resources: [{ urn: WAVIX, type: "pulumi-nodejs:dynamic/wavix:Profile", id: "profile" }],
        observations: [read({ lastAppliedDigests: { pw: "d1" }, liveDigests: { pw: "d2" } }), diff({ programDigests: { pw: "d1" } })],
      }),
      { displayName: () => "Wavix", normalizerFor: () => defaultNormalizer },
    );
    const [field] = built.profiles[0]!.fields;
    expect(field).toEqual({ field: "pw", verdict: "drift", secret: true, keepLive: expect.stringContaining("a secret"), restoreProgram: "pulumi up --refresh --stack dev" });
  });

  it("a value known only at apply is a program change, said as such", () => {
    const built = report({ a: "1" }, { a: "1" }, {}, { observations: [read({ lastApplied: { a: "1" }, live: { a: "1" } }), diff({ unknown: ["a"] })] });
    expect(built.profiles[0]!.fields).toEqual([{ field: "a", verdict: "program", secret: false, lastApplied: "1", live: "1", programUnknown: true }]);
  });
});

describe("what is not one field", () => {
  it("a profile the API says is gone, a pending operation, a resource new in the program and one removed from it", () => {
    const built = buildReport(
      observation({
        resources: [
          { urn: WAVIX, type: "pulumi-nodejs:dynamic/wavix:Profile", id: "profile" },
          { urn: TWILIO, type: "pulumi-nodejs:dynamic/twilio:CustomerProfile", id: "BU1" },
          { urn: `${TWILIO}-old`, type: "pulumi-nodejs:dynamic/twilio:CustomerProfile", id: "BU2" },
        ],
        pendingOperations: [{ urn: WAVIX, type: "pulumi-nodejs:dynamic/wavix:Profile", operation: "updating" }],
        steps: [
          { urn: `${TWILIO}-new`, type: "pulumi-nodejs:dynamic/twilio:CustomerProfile", op: "create" },
          { urn: `${TWILIO}-old`, type: "pulumi-nodejs:dynamic/twilio:CustomerProfile", op: "delete" },
          { urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", type: "pulumi:pulumi:Stack", op: "same" },
        ],
        observations: [read({}), diff({}), read({ api: "twilio", id: "BU1", gone: true }), diff({ api: "twilio", id: "BU1", owner: "support" }), read({ api: "twilio", id: "BU2" })],
      }),
      { displayName: (api) => ({ wavix: "Wavix", twilio: "Twilio" })[api], normalizerFor: () => defaultNormalizer },
    );
    expect(built.profiles.map((p) => [p.name, p.state, p.notices.map((n) => n.kind)])).toEqual([
      ["main", "drifted", ["pending-operation"]],
      ["support", "gone", ["gone"]],
      ["support-old", "removed", ["delete"]],
      ["support-new", "new", ["create"]],
    ]);
    expect(built.counts).toEqual({ profiles: 4, inSync: 0, drifted: 1, pending: 2, conflicts: 0, gone: 1 });
  });
});

describe("the program edit that keeps a live value", () => {
  it.each([
    ["job_title", "CTO", 'job_title: "CTO"'],
    ["company_info.name", "Other Ltd", 'company_info: { name: "Other Ltd" }'],
    ["TwoFactorEnabled", false, "TwoFactorEnabled: false"],
    ["a.b-c", null, 'a: { "b-c": null }'],
  ] as const)("%s", (path, value, edit) => expect(programEdit(path, value)).toBe(edit));
});

describe("Twilio notices", () => {
  const now = new Date("2026-11-30T00:00:00Z");
  it("a status Twilio moved, with the reasons of a rejection", () => {
    expect(driftNotices({ status: "in-review" }, { status: "twilio-rejected", errors: [{ code: 18601 }] }, now)).toEqual([
      { kind: "status", message: "Twilio moved the status from in-review to twilio-rejected: error 18601 (https://www.twilio.com/docs/errors/18601)" },
    ]);
  });
  it("an approval expiring within 30 days, or expired; none further out, none unchanged", () => {
    expect(driftNotices({ status: "twilio-approved" }, { status: "twilio-approved", valid_until: "2026-12-10T00:00:00Z" }, now)).toEqual([{ kind: "expiring", message: expect.stringContaining("expires in 10 days") }]);
    expect(driftNotices({}, { valid_until: "2026-11-01T00:00:00Z" }, now)).toEqual([{ kind: "expiring", message: expect.stringContaining("expired") }]);
    expect(driftNotices({ status: "twilio-approved" }, { status: "twilio-approved", valid_until: "2027-11-28T10:00:00Z" }, now)).toEqual([]);
  });
});
