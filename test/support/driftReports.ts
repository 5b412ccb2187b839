import { REPORT_VERSION, type DriftReport, type FieldReport, type Notice, type ProfileReport, type ProfileState } from "../../cli/drift/report";

/**
 * Sample drift reports, one per situation a user can meet, for the renderer tests and the
 * committed docs/drift-report.{md,png}. Counts and outcome are worked out from the profiles, as
 * the drift command does, so a fixture cannot contradict itself.
 */

export const RESTORE = "pulumi up --refresh --stack dev";
/** Planted in a secret field's values by `leakySecret`: no format may ever show it. */
export const SECRET_MARKER = "MARKER-secret-7f3a9c";

const KINDS = {
  wavix: "Wavix Profile",
  voximplant: "Voximplant Account",
  twosms: "2sms Account",
  twilio: "Twilio CustomerProfile",
} as const;

type ProfileSpec = { api: keyof typeof KINDS; name: string; id?: string; state: ProfileState; fields?: FieldReport[]; notices?: Notice[] };

export function profile({ api, name, id, state, fields = [], notices = [] }: ProfileSpec): ProfileReport {
  const type = `pulumi-nodejs:dynamic/${api}:Profile`;
  return { urn: `urn:pulumi:dev::profiles-demo::${type}::${name}`, name, api, kind: KINDS[api], ...(id === undefined ? {} : { id }), state, fields, notices };
}

export function report(profiles: ProfileReport[]): DriftReport {
  const count = (state: ProfileState) => profiles.filter((p) => p.state === state).length;
  return {
    version: REPORT_VERSION,
    project: "profiles-demo",
    stack: "dev",
    readAt: "2026-11-30T09:15:00.000Z",
    outcome: profiles.every((p) => p.state === "in-sync") ? "clean" : "changes",
    counts: { profiles: profiles.length, inSync: count("in-sync"), drifted: count("drifted"), pending: count("pending"), conflicts: count("conflict"), gone: count("gone") },
    profiles,
    restoreCommand: RESTORE,
  };
}

/** A value changed outside Pulumi: the program still says what was last applied. */
export function drift(field: string, applied: string, live: string, keepLive: string): FieldReport {
  return { field, verdict: "drift", secret: false, lastApplied: applied, live, program: applied, keepLive, restoreProgram: RESTORE };
}

export function secretDrift(field: string, keepLive: string): FieldReport {
  return { field, verdict: "drift", secret: true, keepLive, restoreProgram: RESTORE };
}

const inSync = (api: keyof typeof KINDS, name: string, id: string) => profile({ api, name, id, state: "in-sync" });

export const clean = report([inSync("wavix", "main", "1001"), inSync("voximplant", "main", "3001"), inSync("twosms", "main", "77")]);

export const plainDrift = report([
  profile({ api: "wavix", name: "main", id: "1001", state: "drifted", fields: [drift("job_title", "CEO", "CTO", 'job_title: "CTO"')] }),
  inSync("voximplant", "main", "3001"),
]);

export const nestedDrift = report([
  profile({ api: "wavix", name: "main", id: "1001", state: "drifted", fields: [drift("company_info.name", "Acme Ltd", "Other Ltd", 'company_info: { name: "Other Ltd" }')] }),
]);

export const secretDrifts = report([
  profile({ api: "twosms", name: "sms", id: "77", state: "drifted", fields: [secretDrift("SMSPassword", 'SMSPassword: config.requireSecret("smsPassword") (set to the new password)')] }),
  profile({ api: "voximplant", name: "main", id: "3001", state: "drifted", fields: [secretDrift("callback_salt", 'callback_salt: config.requireSecret("callbackSalt") (set to the new salt)')] }),
]);

export const programChange = report([
  profile({
    api: "voximplant",
    name: "main",
    id: "3001",
    state: "pending",
    fields: [{ field: "account_first_name", verdict: "program", secret: false, lastApplied: "Ann", live: "Ann", program: "Anna" }],
  }),
]);

export const conflict = report([
  profile({
    api: "wavix",
    name: "main",
    id: "1001",
    state: "conflict",
    fields: [{ field: "time_zone", verdict: "conflict", secret: false, lastApplied: "Europe/London", live: "Europe/Berlin", program: "Europe/Paris", keepLive: 'time_zone: "Europe/Berlin"', restoreProgram: RESTORE }],
  }),
]);

export const converged = report([
  profile({
    api: "twosms",
    name: "sms",
    id: "77",
    state: "pending",
    fields: [{ field: "Email", verdict: "converged", secret: false, lastApplied: "ops@old.example", live: "ops@new.example", program: "ops@new.example" }],
  }),
]);

export const GONE_MESSAGE = "BU3f1c0000000000000000000000000001 no longer exists in Twilio: the next up creates a new customer profile";
export const twilioGone = report([
  profile({ api: "twilio", name: "compliance", id: "BU3f1c0000000000000000000000000001", state: "gone", notices: [{ kind: "gone", message: GONE_MESSAGE }] }),
  inSync("wavix", "main", "1001"),
]);

export const STATUS_MESSAGE = "Twilio moved the status from in-review to twilio-rejected: the business address could not be verified";
export const twilioStatusMoved = report([
  profile({ api: "twilio", name: "compliance", id: "BU3f1c0000000000000000000000000002", state: "drifted", notices: [{ kind: "status", message: STATUS_MESSAGE }] }),
]);

export const PENDING_MESSAGE = "the last up was cut short while updating this profile: run pulumi refresh --stack dev before the next up";
export const pendingOperation = report([
  profile({ api: "voximplant", name: "main", id: "3001", state: "pending", notices: [{ kind: "pending-operation", message: PENDING_MESSAGE }] }),
]);

/** A live value holding everything that could break a table row or turn into HTML. */
export const HOSTILE_VALUE = " a|b `tick` ``two`` back\\|slash\nline two <script>alert(1)</script> ";
export const hostileValue = report([
  profile({
    api: "wavix",
    name: "main",
    id: "1001",
    state: "drifted",
    fields: [drift("company_info.name", "Acme Ltd", HOSTILE_VALUE, `company_info: { name: ${JSON.stringify(HOSTILE_VALUE)} }`)],
    notices: [{ kind: "error", message: "the API answered <b>503</b> | try again\n**later**" }],
  }),
]);

/** A report built by mistake with a secret's values in it: the renderers must still show none. */
export const leakySecret = report([
  profile({
    api: "twosms",
    name: "sms",
    id: "77",
    state: "conflict",
    fields: [
      {
        field: "SMSPassword",
        verdict: "conflict",
        secret: true,
        lastApplied: `${SECRET_MARKER}-applied`,
        live: `${SECRET_MARKER}-live`,
        program: `${SECRET_MARKER}-program`,
        keepLive: `SMSPassword: ${JSON.stringify(`${SECRET_MARKER}-live`)}`,
        restoreProgram: RESTORE,
      },
    ],
  }),
]);

/** Everything at once, as a demo stack would show it: the source of docs/drift-report.{md,png}. */
export const conflictRich = report([
  profile({
    api: "wavix",
    name: "main",
    id: "1001",
    state: "conflict",
    fields: [
      drift("job_title", "CEO", "CTO", 'job_title: "CTO"'),
      drift("company_info.name", "Acme Ltd", "Other Ltd", 'company_info: { name: "Other Ltd" }'),
      { field: "time_zone", verdict: "conflict", secret: false, lastApplied: "Europe/London", live: "Europe/Berlin", program: "Europe/Paris", keepLive: 'time_zone: "Europe/Berlin"', restoreProgram: RESTORE },
      { field: "sms_relay_url", verdict: "program", secret: false, lastApplied: null, live: null, program: "https://hooks.example.com/sms" },
    ],
  }),
  profile({
    api: "twosms",
    name: "sms",
    id: "77",
    state: "drifted",
    fields: [
      secretDrift("SMSPassword", 'SMSPassword: config.requireSecret("smsPassword") (set to the new password)'),
      { field: "Email", verdict: "converged", secret: false, lastApplied: "ops@old.example", live: "ops@new.example", program: "ops@new.example" },
    ],
  }),
  profile({
    api: "voximplant",
    name: "main",
    id: "3001",
    state: "pending",
    fields: [{ field: "account_first_name", verdict: "program", secret: false, lastApplied: "Ann", live: "Ann", program: "Anna" }],
    notices: [{ kind: "pending-operation", message: PENDING_MESSAGE }],
  }),
  profile({ api: "twilio", name: "compliance", id: "BU3f1c0000000000000000000000000001", state: "gone", notices: [{ kind: "gone", message: GONE_MESSAGE }] }),
  profile({ api: "twilio", name: "secondary", id: "BU3f1c0000000000000000000000000002", state: "drifted", notices: [{ kind: "status", message: STATUS_MESSAGE }] }),
  inSync("wavix", "backup", "1002"),
  inSync("voximplant", "backup", "3002"),
]);

export const allReports = { clean, plainDrift, nestedDrift, secretDrifts, programChange, conflict, converged, twilioGone, twilioStatusMoved, pendingOperation, hostileValue, leakySecret, conflictRich };
