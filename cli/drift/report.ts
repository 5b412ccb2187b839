import * as z from "zod";

/**
 * The drift report: what `pulumi-profiles drift` finds, in the one shape every format is
 * rendered from. `--format json` prints it as is; docs/drift-report.schema.json is generated
 * from this schema (a test keeps it current). A change that breaks a reader of the JSON raises
 * REPORT_VERSION; adding an optional key does not.
 */
export const REPORT_VERSION = 1;

/** A value as the program writes it: a scalar (nested fields are reported by dotted path). */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/**
 * Per field, what moved since the stack's last `up`:
 * - `drift`: changed outside Pulumi; the program still says what was last applied.
 * - `program`: changed in the program, not yet applied; the live value is still the applied one.
 * - `conflict`: both changed, to different values: someone must decide which one stays.
 * - `converged`: changed outside Pulumi to exactly what the program now says; the next `up`
 *   records it and writes nothing.
 */
export const Verdict = z.enum(["drift", "program", "conflict", "converged"]);
export type Verdict = z.infer<typeof Verdict>;

export const FieldReport = z.object({
  /** Dotted path as the program nests it: `job_title`, `company_info.name`. */
  field: z.string(),
  verdict: Verdict,
  /** A secret's values are never in the report (not even a hash): only that it changed. */
  secret: z.boolean(),
  /** The values; absent for a secret, or where there is none (a field the program newly sets has no last-applied value). */
  lastApplied: FieldValue.optional(),
  live: FieldValue.optional(),
  program: FieldValue.optional(),
  /** `live`/`program` is a value Pulumi learns only during `up` (an output of another resource). */
  programUnknown: z.boolean().optional(),
  /** The two ways out of a drift or conflict; absent for a program change. */
  keepLive: z.string().optional(),
  restoreProgram: z.string().optional(),
});
export type FieldReport = z.infer<typeof FieldReport>;

/**
 * Something about a profile that is not one field: it is gone, its status moved, a run was cut
 * short, `up` will act on it for another reason. Every kind but `info` makes the outcome `changes`.
 */
export const Notice = z.object({
  kind: z.enum(["gone", "status", "expiring", "pending-operation", "create", "delete", "replace", "update", "error", "info"]),
  message: z.string(),
});
export type Notice = z.infer<typeof Notice>;

export const ProfileState = z.enum(["in-sync", "drifted", "pending", "conflict", "gone", "new", "removed"]);
export type ProfileState = z.infer<typeof ProfileState>;

export const ProfileReport = z.object({
  urn: z.string(),
  /** The resource name in the program. */
  name: z.string(),
  /** API folder name: wavix, voximplant, twosms, twilio. */
  api: z.string(),
  /** As users know it: "Wavix Profile", "Twilio CustomerProfile". */
  kind: z.string(),
  /** The object the stack holds (a Twilio sid, a 2sms account id); absent before it exists. */
  id: z.string().optional(),
  /** The credential set it is reached with (its `account` input); absent for the top-level settings. */
  account: z.string().optional(),
  /** The worst of its fields and notices, for a one-word summary. */
  state: ProfileState,
  fields: z.array(FieldReport),
  notices: z.array(Notice),
});
export type ProfileReport = z.infer<typeof ProfileReport>;

export const DriftReport = z.object({
  version: z.literal(REPORT_VERSION),
  project: z.string(),
  stack: z.string(),
  /** ISO 8601, when the live profiles were read. */
  readAt: z.string(),
  /** `clean`: exit status 0; `changes`: exit status 2 (drift, conflicts, or changes not yet applied). */
  outcome: z.enum(["clean", "changes"]),
  counts: z.object({
    profiles: z.number().int(),
    inSync: z.number().int(),
    drifted: z.number().int(),
    pending: z.number().int(),
    conflicts: z.number().int(),
    gone: z.number().int(),
  }),
  /** Every profile in the stack or the program, in program order; in-sync ones with no fields. */
  profiles: z.array(ProfileReport),
  /** The command that restores the program's values everywhere. */
  restoreCommand: z.string(),
});
export type DriftReport = z.infer<typeof DriftReport>;
