import { appendFileSync } from "node:fs";
import * as z from "zod/mini";
import type { FieldRule } from "./adapter";
import { changedPaths, UNKNOWN, type FlatProfile, type Normalizer } from "./fields";

/**
 * What the provider saw during one `pulumi preview --refresh`, for `pulumi-profiles drift`.
 *
 * Only the provider holds the three values of a field side by side in plaintext: what the stack
 * last applied (the state `read` is given), what is live (what `read` gets), and what the program
 * says (what `diff` is given; Pulumi hands a dynamic provider its secrets decrypted). The engine's
 * own events mask every secret as "[secret]", so they cannot tell whether a password changed. So,
 * when the drift command asks (by naming a file in OBSERVATIONS_ENV for the preview it starts),
 * read and diff append what they compared, with the API's own normalisation: the values of plain
 * fields, and for secrets only which comparisons differ. A secret's value, or anything derived
 * from it, is never written. Nothing is written when the variable is unset, as in every
 * `up`, `preview` or `refresh` a user runs.
 */
export const OBSERVATIONS_ENV = "PULUMI_PROFILES_DRIFT_OBSERVATIONS";

const Value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Values = z.record(z.string(), Value);

/** Something about a profile that is not one field (a status the API moved, a date coming up). */
export const DriftNotice = z.object({ kind: z.enum(["status", "expiring"]), message: z.string() });
export type DriftNotice = z.infer<typeof DriftNotice>;

export const ReadObservation = z.object({
  kind: z.literal("read"),
  api: z.string(),
  id: z.string(),
  /** The API said not found, and the account check confirmed it: the engine drops it from state. */
  gone: z.boolean(),
  /** Managed fields as the stack last applied them, and as read now; secrets left out. */
  lastApplied: Values,
  live: Values,
  /** Managed fields that are secrets: present in neither map above. */
  secrets: z.array(z.string()),
  /** Managed fields whose live value differs from the last applied one (secrets included). */
  liveChanged: z.array(z.string()),
  notices: z.array(DriftNotice),
});
export type ReadObservation = z.infer<typeof ReadObservation>;

export const DiffObservation = z.object({
  kind: z.literal("diff"),
  api: z.string(),
  id: z.string(),
  /** The resource's name in the program (its `__owner`). */
  owner: z.optional(z.string()),
  /** The program's fields; secrets left out, values unknown until apply listed in `unknown`. */
  program: Values,
  secrets: z.array(z.string()),
  unknown: z.array(z.string()),
  /** Fields whose program value differs from the live one (the refreshed state) and from the last applied one. */
  programVsLive: z.array(z.string()),
  programVsLast: z.array(z.string()),
});
export type DiffObservation = z.infer<typeof DiffObservation>;

export const Observation = z.discriminatedUnion("kind", [ReadObservation, DiffObservation]);
export type Observation = z.infer<typeof Observation>;

/** Fields compared both ways: a field only one side has is a difference too. */
function differing(a: FlatProfile, b: FlatProfile, normalizerFor: (path: string) => Normalizer): string[] {
  const paths = new Set([...changedPaths(a, b, normalizerFor), ...changedPaths(b, a, normalizerFor)]);
  return [...paths].sort();
}

/** Records read and diff comparisons for one API, when the drift command asked for them. */
export class DriftObserver {
  /** Last applied values (secrets included) by object, from read to diff: in memory only. */
  private readonly lastApplied = new Map<string, FlatProfile>();

  private constructor(
    private readonly file: string,
    private readonly api: string,
    private readonly rules: Record<string, FieldRule>,
    private readonly normalizerFor: (path: string) => Normalizer,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, api: string, rules: Record<string, FieldRule>, normalizerFor: (path: string) => Normalizer): DriftObserver | undefined {
    const file = env[OBSERVATIONS_ENV];
    return file ? new DriftObserver(file, api, rules, normalizerFor) : undefined;
  }

  read(id: string, lastApplied: FlatProfile, live: FlatProfile | undefined, notices: DriftNotice[]): void {
    this.lastApplied.set(id, lastApplied);
    const record: ReadObservation = {
      kind: "read",
      api: this.api,
      id,
      gone: live === undefined,
      lastApplied: this.plain(lastApplied),
      live: this.plain(live ?? {}),
      secrets: this.secretPaths(lastApplied),
      liveChanged: live === undefined ? [] : differing(lastApplied, live, this.normalizerFor),
      notices,
    };
    this.append(record);
  }

  diff(id: string, owner: string | undefined, program: FlatProfile, live: FlatProfile): void {
    const known = Object.fromEntries(Object.entries(program).filter(([, value]) => value !== UNKNOWN));
    const unknown = Object.keys(program).filter((path) => program[path] === UNKNOWN);
    const record: DiffObservation = {
      kind: "diff",
      api: this.api,
      id,
      ...(owner !== undefined ? { owner } : {}),
      program: this.plain(known),
      secrets: this.secretPaths(program),
      unknown,
      programVsLive: [...new Set([...differing(known, live, this.normalizerFor), ...unknown])].sort(),
      programVsLast: [...new Set([...differing(known, this.lastApplied.get(id) ?? live, this.normalizerFor), ...unknown])].sort(),
    };
    this.append(record);
  }

  private plain(profile: FlatProfile): FlatProfile {
    return Object.fromEntries(Object.entries(profile).filter(([path]) => !this.rules[path]?.secret));
  }

  private secretPaths(profile: FlatProfile): string[] {
    return Object.keys(profile).filter((path) => this.rules[path]?.secret);
  }

  /** One line per record, appended in one write: the provider serves resources concurrently. */
  private append(record: Observation): void {
    appendFileSync(this.file, JSON.stringify(record) + "\n", { mode: 0o600 });
  }
}
