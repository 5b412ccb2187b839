import { buildReport, IncompleteObservationError, programEdit, valueAt } from "../../cli/drift/analyze";
import type { ShownValues, StackObservation } from "../../cli/drift/collect";
import { DriftReport } from "../../cli/drift/report";
import type { DiffObservation, ReadObservation } from "../../provider/engine/driftObservations";
import { driftNotices } from "../../provider/apis/twilio/notices";

const WAVIX = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/wavix:Profile::main";
const TWILIO = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/twilio:CustomerProfile::support";
const WAVIX_TYPE = "pulumi-nodejs:dynamic/wavix:Profile";
const TWILIO_TYPE = "pulumi-nodejs:dynamic/twilio:CustomerProfile";
/** How the engine's events show a secret. */
const MASKED = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

const options = {
  displayName: (api: string) => ({ wavix: "Wavix", twilio: "Twilio" })[api],
  ruleFor: (_api: string, path: string) => (path === "pw" ? { secret: true } : path === "Status" ? { oneWay: true } : {}),
};

function observation(parts: Partial<StackObservation>): StackObservation {
  return { project: "proj", stack: "dev", readAt: "2026-11-30T00:00:00Z", resources: [], pendingOperations: [], steps: [], values: {}, observations: [], ...parts } as StackObservation;
}
const read = (fields: Partial<ReadObservation>): ReadObservation => ({ kind: "read", api: "wavix", id: "profile", gone: false, liveChanged: [], lastApplied: {}, notices: [], ...fields });
const diff = (fields: Partial<DiffObservation>): DiffObservation => ({ kind: "diff", api: "wavix", id: "profile", owner: "main", changed: [], program: {}, unknown: [], ...fields });

/** One Wavix profile: what the provider decided, and what the engine showed. */
function wavixReport(decided: { read: Partial<ReadObservation>; diff: Partial<DiffObservation> }, shown: ShownValues = {}, op = "same") {
  return buildReport(
    observation({
      resources: [{ urn: WAVIX, type: WAVIX_TYPE, id: "profile", owner: "main" }],
      steps: [{ urn: WAVIX, type: WAVIX_TYPE, op }],
      values: { [WAVIX]: shown },
      // As the engine runs it: the refresh's read, a diff the refresh may run, then the preview's diff.
      observations: [read(decided.read), diff({ program: decided.read.lastApplied ?? {} }), diff(decided.diff)],
    }),
    options,
  );
}

describe("a verdict per field, from the provider's two decisions (live moved? up writes it?) and whether the program still says what was applied", () => {
  it.each([
    ["drift: live moved, the program still says what was applied", ["a"], ["a"], "d1", "drift", "drifted"],
    ["program: up writes it, live did not move", [], ["a"], "d3", "program", "pending"],
    ["conflict: live moved, and the program says something else again", ["a"], ["a"], "d3", "conflict", "conflict"],
    ["converged: live moved to what the program says, up writes nothing", ["a"], [], "d2", "converged", "in-sync"],
  ] as const)("%s", (_case, liveChanged, changed, programDigest, verdict, state) => {
    const built = DriftReport.parse(wavixReport({ read: { liveChanged: [...liveChanged], lastApplied: { a: "d1" } }, diff: { changed: [...changed], program: { a: programDigest } } }, { lastApplied: { a: "1" }, live: { a: "2" }, program: { a: "3" } }, changed.length > 0 ? "update" : "same"));
    expect(built.profiles[0]!.fields.map((f) => [f.field, f.verdict])).toEqual([["a", verdict]]);
    expect(built.profiles[0]!.state).toBe(state);
    expect(built.outcome).toBe(state === "in-sync" ? "clean" : "changes");
  });

  it("shows the values the engine showed, with both ways out of a drift", () => {
    const built = wavixReport({ read: { liveChanged: ["company_info.name"], lastApplied: { "company_info.name": "d1" } }, diff: { changed: ["company_info.name"], program: { "company_info.name": "d1" } } }, {
      lastApplied: { company_info: { name: "Acme" } },
      live: { company_info: { name: "Other Ltd" } },
      program: { company_info: { name: "Acme" } },
    }, "update");
    expect(built.profiles[0]!.fields).toEqual([
      { field: "company_info.name", verdict: "drift", secret: false, lastApplied: "Acme", live: "Other Ltd", program: "Acme", keepLive: 'company_info: { name: "Other Ltd" }', restoreProgram: "pulumi up --refresh --stack dev" },
    ]);
  });

  it("a secret, by the provider's rule or masked by the engine (one the user marked), carries no value", () => {
    const built = wavixReport({ read: { liveChanged: ["pw", "hook"], lastApplied: { pw: "d1", hook: "d1" } }, diff: { changed: ["pw", "hook"], program: { pw: "d1", hook: "d1" } } }, {
      lastApplied: { pw: MASKED, hook: MASKED },
      live: { pw: MASKED, hook: MASKED },
      program: { pw: MASKED, hook: MASKED },
    }, "update");
    for (const field of built.profiles[0]!.fields) {
      expect(field).toEqual({ field: field.field, verdict: "drift", secret: true, keepLive: expect.stringContaining("a secret"), restoreProgram: "pulumi up --refresh --stack dev" });
    }
  });

  it("a field the API moves itself, or one cleared live, gets no edit check would refuse", () => {
    const built = wavixReport({ read: { liveChanged: ["Status", "b"], lastApplied: { Status: "d1", b: "d1" } }, diff: { changed: ["Status", "b"], program: { Status: "d1", b: "d1" } } }, { live: { Status: "twilio-rejected", b: null } }, "update");
    expect(built.profiles[0]!.fields.map((f) => f.keepLive)).toEqual(["the API moved Status itself; `pulumi refresh` records it", "remove b from the program"]);
  });

  it("a value known only at apply is a program change, said as such", () => {
    const built = wavixReport({ read: { lastApplied: { a: "d1" } }, diff: { unknown: ["a"] } }, { lastApplied: { a: "1" }, live: { a: "1" } }, "update");
    expect(built.profiles[0]!.fields).toEqual([{ field: "a", verdict: "program", secret: false, lastApplied: "1", live: "1", programUnknown: true }]);
  });

  it("an update no field explains (a lifecycle option changed) is a change, not a clean report", () => {
    const built = wavixReport({ read: { lastApplied: { a: "d1" } }, diff: { program: { a: "d1" } } }, {}, "update");
    expect(built.profiles[0]).toMatchObject({ state: "pending", fields: [], notices: [{ kind: "update" }] });
    expect(built.outcome).toBe("changes");
  });
});

describe("what is not one field", () => {
  it("gone, a pending operation, new in the program, removed from it (which a refresh diffs too)", () => {
    const built = buildReport(
      observation({
        resources: [
          { urn: WAVIX, type: WAVIX_TYPE, id: "profile" },
          { urn: TWILIO, type: TWILIO_TYPE, id: "BU1" },
          { urn: `${TWILIO}-old`, type: TWILIO_TYPE, id: "BU2" },
        ],
        pendingOperations: [{ urn: WAVIX, type: WAVIX_TYPE, operation: "updating" }],
        steps: [
          { urn: WAVIX, type: WAVIX_TYPE, op: "same" },
          { urn: `${TWILIO}-new`, type: TWILIO_TYPE, op: "create" },
          { urn: `${TWILIO}-old`, type: TWILIO_TYPE, op: "delete" },
          { urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", type: "pulumi:pulumi:Stack", op: "same" },
        ],
        observations: [read({}), diff({}), read({ api: "twilio", id: "BU1", gone: true }), read({ api: "twilio", id: "BU2" }), diff({ api: "twilio", id: "BU2", owner: "support-old" })],
      }),
      options,
    );
    expect(built.profiles.map((p) => [p.name, p.state, p.notices.map((n) => n.kind)])).toEqual([
      ["main", "drifted", ["pending-operation"]],
      ["support", "gone", ["gone"]],
      ["support-old", "removed", ["delete"]],
      ["support-new", "new", ["create"]],
    ]);
    expect(built.counts).toEqual({ profiles: 4, inSync: 0, drifted: 1, pending: 2, conflicts: 0, gone: 1 });
  });

  it("a pending create gets Pulumi's own way out (only the user knows whether it exists); other pending operations, up --refresh", () => {
    const pendingOf = (operation: string) =>
      buildReport(observation({ resources: [{ urn: WAVIX, type: WAVIX_TYPE, id: "profile" }], steps: [{ urn: WAVIX, type: WAVIX_TYPE, op: "same" }], pendingOperations: [{ urn: WAVIX, type: WAVIX_TYPE, operation }], observations: [read({}), diff({})] }), options).profiles[0]!.notices[0]!.message;
    expect(pendingOf("creating")).toMatch(/pulumi refresh --stack dev.*--import-pending-creates.*--clear-pending-creates/);
    expect(pendingOf("updating")).toContain("`pulumi up --refresh --stack dev` reads the profile and finishes");
  });

  it("names each profile's account: as state recorded it, or, for one not in the stack yet, as the program says; none at the top level", () => {
    const built = buildReport(
      observation({
        resources: [
          { urn: WAVIX, type: WAVIX_TYPE, id: "profile", account: "initech" },
          { urn: TWILIO, type: TWILIO_TYPE, id: "BU1" },
        ],
        steps: [
          { urn: WAVIX, type: WAVIX_TYPE, op: "same" },
          { urn: TWILIO, type: TWILIO_TYPE, op: "same" },
          { urn: `${TWILIO}-new`, type: TWILIO_TYPE, op: "create" },
        ],
        values: { [WAVIX]: { program: { account: "initech" } }, [`${TWILIO}-new`]: { program: { account: "globex" } } },
        observations: [read({ account: "initech" }), diff({ account: "initech" }), read({ api: "twilio", id: "BU1" }), diff({ api: "twilio", id: "BU1", owner: "support" })],
      }),
      options,
    );
    expect(built.profiles.map((p) => [p.name, p.account])).toEqual([["main", "initech"], ["support", undefined], ["support-new", "globex"]]);
  });

  it("tells two accounts' profiles of one API apart, though they share their id: each read and diff names its account", () => {
    const twoAccounts = observation({
      resources: [
        { urn: WAVIX, type: WAVIX_TYPE, id: "profile", owner: "main", account: "acme" },
        { urn: `${WAVIX}-2`, type: WAVIX_TYPE, id: "profile", owner: "main-2", account: "initech" },
      ],
      steps: [{ urn: WAVIX, type: WAVIX_TYPE, op: "same" }, { urn: `${WAVIX}-2`, type: WAVIX_TYPE, op: "same" }],
      values: { [`${WAVIX}-2`]: { lastApplied: { job_title: "CTO" }, live: { job_title: "CEO" }, program: { job_title: "CTO" } } },
      observations: [
        read({ account: "acme" }),
        read({ account: "initech", liveChanged: ["job_title"], lastApplied: { job_title: "d1" } }),
        diff({ account: "acme" }),
        diff({ account: "initech", owner: "main-2", changed: ["job_title"], program: { job_title: "d1" } }),
      ],
    });
    const built = buildReport(twoAccounts, options);
    expect(built.profiles.map((p) => [p.name, p.account, p.state])).toEqual([["main", "acme", "in-sync"], ["main-2", "initech", "drifted"]]);
  });

  it("news that asks nothing of anyone (a status on its way to approval) leaves the report clean", () => {
    const built = wavixReport({ read: { notices: [{ kind: "info", message: "Twilio moved the status from in-review to twilio-approved" }] }, diff: {} });
    expect(built.profiles[0]).toMatchObject({ state: "in-sync", notices: [{ kind: "info" }] });
    expect(built.outcome).toBe("clean");
  });

  it("refuses to guess when the provider recorded nothing (an older pulumi-profiles in the project)", () => {
    const nothing = observation({ resources: [{ urn: WAVIX, type: WAVIX_TYPE, id: "profile" }], steps: [{ urn: WAVIX, type: WAVIX_TYPE, op: "same" }] });
    expect(() => buildReport(nothing, options)).toThrow(IncompleteObservationError);
    expect(() => buildReport({ ...nothing, observations: [read({})] }, options)).toThrow(/no comparison of main/);
  });
});

describe("values as the engine shows them", () => {
  it("nested, masked at any level, absent", () => {
    expect(valueAt({ a: { b: "x" } }, "a.b")).toBe("x");
    expect(typeof valueAt({ a: MASKED }, "a.b")).toBe("symbol");
    expect(valueAt({ a: {} }, "a.b")).toBeUndefined();
    expect(valueAt(undefined, "a")).toBeUndefined();
  });
});

describe("the program edit that keeps a live value", () => {
  it.each([
    ["job_title", "CTO", 'job_title: "CTO"'],
    ["company_info.name", "Other Ltd", 'company_info: { name: "Other Ltd" }'],
    ["TwoFactorEnabled", false, "TwoFactorEnabled: false"],
    ["a.b-c", 1, 'a: { "b-c": 1 }'],
  ] as const)("%s", (path, value, edit) => expect(programEdit(path, value)).toBe(edit));
});

describe("Twilio notices", () => {
  const now = new Date("2026-11-30T00:00:00Z");
  it("a rejection asks for action, with its reasons; the way to approval is news only", () => {
    expect(driftNotices({ status: "in-review" }, { status: "twilio-rejected", errors: [{ code: 18601 }] }, now)).toEqual([
      { kind: "status", message: "Twilio moved the status from in-review to twilio-rejected: error 18601 (https://www.twilio.com/docs/errors/18601): fix what it names and submit again" },
    ]);
    expect(driftNotices({ status: "in-review" }, { status: "twilio-approved", valid_until: "2027-11-28T10:00:00Z" }, now)).toEqual([{ kind: "info", message: expect.stringContaining("`pulumi refresh` records it") }]);
  });
  it("an approval expiring within 30 days, or expired; none further out", () => {
    expect(driftNotices({ status: "twilio-approved" }, { status: "twilio-approved", valid_until: "2026-12-10T00:00:00Z" }, now)).toEqual([{ kind: "expiring", message: expect.stringContaining("expires in 10 days") }]);
    expect(driftNotices({}, { valid_until: "2026-11-01T00:00:00Z" }, now)).toEqual([{ kind: "expiring", message: expect.stringContaining("expired") }]);
    expect(driftNotices({ status: "twilio-approved" }, { status: "twilio-approved", valid_until: "2027-11-28T10:00:00Z" }, now)).toEqual([]);
  });
});
