import { createHmac } from "node:crypto";
import { appendFileSync } from "node:fs";
import * as z from "zod/mini";
import { sameValue, UNKNOWN, type FlatProfile, type Normalizer } from "./fields";

/**
 * What the provider decided during one `pulumi preview --refresh`, for `pulumi-profiles drift`.
 *
 * The engine's events carry every value the report shows (and mask secrets, the API's and any the
 * user marked, as "[secret]"), but not the provider's decisions: which fields moved as the API
 * compares them (its normalisation), and which fields an `up` would write. So, when the drift
 * command asks (naming a file and a key in the environment of the preview it starts), `read` and
 * `diff` append those decisions. They write no value at all: to tell whether the program still
 * says what was last applied (the refresh and the preview's diffs run in separate provider
 * processes), each side writes a keyed digest of each normalised value (HMAC-SHA256 under a key
 * the command makes for that one run and passes only in the preview's environment): enough to
 * tell equal from different, and nothing more. The command deletes the file; no report shows a
 * digest. Nothing is written when the variables are unset, as in every run a user makes.
 */
export const OBSERVATIONS_ENV = "PULUMI_PROFILES_DRIFT_OBSERVATIONS";
/** The one-run key of the digests (see above). */
export const OBSERVATIONS_KEY_ENV = "PULUMI_PROFILES_DRIFT_KEY";

const Digests = z.record(z.string(), z.string());

/**
 * Something about a profile that is not one field. `status` and `expiring` ask for someone to act;
 * `info` (a status moving the way it should) is reported and changes no exit status.
 */
export const DriftNotice = z.object({ kind: z.enum(["status", "expiring", "info"]), message: z.string() });
export type DriftNotice = z.infer<typeof DriftNotice>;

/**
 * The account name state records for the profile (its `account` input), absent for the top-level
 * settings: an account's one profile has the same id in every account, so api and id alone do
 * not say whose it is.
 */
const ObservedAccount = z.optional(z.string());

export const ReadObservation = z.object({
  kind: z.literal("read"),
  api: z.string(),
  id: z.string(),
  account: ObservedAccount,
  /** The API said not found, and the account check confirmed it: the engine drops it from state. */
  gone: z.boolean(),
  /** Managed fields whose live value differs from the last applied one, as the API compares. */
  liveChanged: z.array(z.string()),
  /** Every managed field as last applied, digested. */
  lastApplied: Digests,
  notices: z.array(DriftNotice),
});
export type ReadObservation = z.infer<typeof ReadObservation>;

export const DiffObservation = z.object({
  kind: z.literal("diff"),
  api: z.string(),
  id: z.string(),
  account: ObservedAccount,
  /** The resource's name in the program (its `__owner`). */
  owner: z.optional(z.string()),
  /** The fields an update would write (the program's value differs from the live one), and those the program lets go. */
  changed: z.array(z.string()),
  /** The program's fields, digested; values unknown until apply are listed in `unknown` instead. */
  program: Digests,
  unknown: z.array(z.string()),
});
export type DiffObservation = z.infer<typeof DiffObservation>;

export const Observation = z.discriminatedUnion("kind", [ReadObservation, DiffObservation]);
export type Observation = z.infer<typeof Observation>;

/** Records the provider's decisions for one API, when the drift command asked (see above). */
export class DriftObserver {
  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly api: string,
    private readonly normalizerFor: (path: string) => Normalizer,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, api: string, normalizerFor: (path: string) => Normalizer): DriftObserver | undefined {
    const file = env[OBSERVATIONS_ENV];
    const key = env[OBSERVATIONS_KEY_ENV];
    return file && key ? new DriftObserver(file, key, api, normalizerFor) : undefined;
  }

  read(id: string, account: string | undefined, lastApplied: FlatProfile, live: FlatProfile | undefined, notices: DriftNotice[]): void {
    this.append({
      kind: "read",
      api: this.api,
      id,
      ...(account !== undefined ? { account } : {}),
      gone: live === undefined,
      liveChanged: live === undefined ? [] : Object.keys(lastApplied).filter((path) => !sameValue(lastApplied[path], live[path], this.normalizerFor(path))),
      lastApplied: this.digests(lastApplied),
      notices,
    });
  }

  diff(id: string, account: string | undefined, owner: string | undefined, program: FlatProfile, changed: string[]): void {
    const known = Object.fromEntries(Object.entries(program).filter(([, value]) => value !== UNKNOWN));
    this.append({
      kind: "diff",
      api: this.api,
      id,
      ...(account !== undefined ? { account } : {}),
      ...(owner !== undefined ? { owner } : {}),
      changed,
      program: this.digests(known),
      unknown: Object.keys(program).filter((path) => program[path] === UNKNOWN),
    });
  }

  private digests(profile: FlatProfile): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [path, value] of Object.entries(profile)) out[path] = createHmac("sha256", this.key).update(JSON.stringify(this.normalizerFor(path)(value))).digest("base64url");
    return out;
  }

  /** One line per record, appended in one write: the provider serves resources concurrently. */
  private append(record: Observation): void {
    appendFileSync(this.file, JSON.stringify(record) + "\n", { mode: 0o600 });
  }
}
