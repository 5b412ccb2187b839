import { createHmac } from "node:crypto";
import { appendFileSync } from "node:fs";
import * as z from "zod/mini";
import type { FieldRule } from "./adapter";
import { UNKNOWN, type FlatProfile, type Normalizer } from "./fields";

/**
 * What the provider saw during one `pulumi preview --refresh`, for `pulumi-profiles drift`.
 *
 * Only the provider holds a field's values in plaintext: what the stack last applied (the state
 * `read` is given), what is live (what `read` gets), and what the program says (what `diff` is
 * given; Pulumi hands a dynamic provider its secrets decrypted). The engine's own events mask every
 * secret as "[secret]", so they cannot tell whether a password changed. So, when the drift command
 * asks (naming a file and a key in the environment of the preview it starts), read and diff append
 * what they saw: plain fields as values, secrets as keyed digests (DriftObserver). Nothing is
 * written when the variables are unset, as in every `up`, `preview` or `refresh` a user runs.
 */
export const OBSERVATIONS_ENV = "PULUMI_PROFILES_DRIFT_OBSERVATIONS";
/** The one-run key of the secrets' digests (see DriftObserver). */
export const OBSERVATIONS_KEY_ENV = "PULUMI_PROFILES_DRIFT_KEY";

const Value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Values = z.record(z.string(), Value);
const Digests = z.record(z.string(), z.string());

/** Something about a profile that is not one field (a status the API moved, a date coming up). */
export const DriftNotice = z.object({ kind: z.enum(["status", "expiring"]), message: z.string() });
export type DriftNotice = z.infer<typeof DriftNotice>;

export const ReadObservation = z.object({
  kind: z.literal("read"),
  api: z.string(),
  id: z.string(),
  /** The API said not found, and the account check confirmed it: the engine drops it from state. */
  gone: z.boolean(),
  /** Managed fields as the stack last applied them, and as read now; secrets only as digests. */
  lastApplied: Values,
  live: Values,
  lastAppliedDigests: Digests,
  liveDigests: Digests,
  notices: z.array(DriftNotice),
});
export type ReadObservation = z.infer<typeof ReadObservation>;

export const DiffObservation = z.object({
  kind: z.literal("diff"),
  api: z.string(),
  id: z.string(),
  /** The resource's name in the program (its `__owner`). */
  owner: z.optional(z.string()),
  /** The program's fields; secrets only as digests; values unknown until apply listed in `unknown`. */
  program: Values,
  programDigests: Digests,
  unknown: z.array(z.string()),
});
export type DiffObservation = z.infer<typeof DiffObservation>;

export const Observation = z.discriminatedUnion("kind", [ReadObservation, DiffObservation]);
export type Observation = z.infer<typeof Observation>;

/**
 * Records read and diff values for one API, when the drift command asked. Pulumi runs the refresh
 * of `preview --refresh` and the preview's diffs in separate provider processes, so the
 * comparisons are made by the drift command; a secret reaches it only as a keyed digest of its
 * normalised value (HMAC-SHA256 under a key the command makes for this one run and passes only in
 * the environment of the preview), enough to tell equal from different and nothing more. The
 * digests live in the run's temporary file, which the command deletes; no report shows them.
 */
export class DriftObserver {
  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly api: string,
    private readonly rules: Record<string, FieldRule>,
    private readonly normalizerFor: (path: string) => Normalizer,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, api: string, rules: Record<string, FieldRule>, normalizerFor: (path: string) => Normalizer): DriftObserver | undefined {
    const file = env[OBSERVATIONS_ENV];
    const key = env[OBSERVATIONS_KEY_ENV];
    return file && key ? new DriftObserver(file, key, api, rules, normalizerFor) : undefined;
  }

  read(id: string, lastApplied: FlatProfile, live: FlatProfile | undefined, notices: DriftNotice[]): void {
    this.append({
      kind: "read",
      api: this.api,
      id,
      gone: live === undefined,
      lastApplied: this.plain(lastApplied),
      live: this.plain(live ?? {}),
      lastAppliedDigests: this.digests(lastApplied),
      liveDigests: this.digests(live ?? {}),
      notices,
    });
  }

  diff(id: string, owner: string | undefined, program: FlatProfile): void {
    const known = Object.fromEntries(Object.entries(program).filter(([, value]) => value !== UNKNOWN));
    this.append({
      kind: "diff",
      api: this.api,
      id,
      ...(owner !== undefined ? { owner } : {}),
      program: this.plain(known),
      programDigests: this.digests(known),
      unknown: Object.keys(program).filter((path) => program[path] === UNKNOWN),
    });
  }

  private plain(profile: FlatProfile): FlatProfile {
    return Object.fromEntries(Object.entries(profile).filter(([path]) => !this.rules[path]?.secret));
  }

  private digests(profile: FlatProfile): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [path, value] of Object.entries(profile)) {
      if (this.rules[path]?.secret) out[path] = createHmac("sha256", this.key).update(JSON.stringify(this.normalizerFor(path)(value))).digest("base64url");
    }
    return out;
  }

  /** One line per record, appended in one write: the provider serves resources concurrently. */
  private append(record: Observation): void {
    appendFileSync(this.file, JSON.stringify(record) + "\n", { mode: 0o600 });
  }
}
