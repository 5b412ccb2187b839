import type { FieldRule } from "../../provider/engine/adapter";
import type { DiffObservation, ReadObservation } from "../../provider/engine/driftObservations";
import type { ShownValues, StackObservation } from "./collect";
import { REPORT_VERSION, type DriftReport, type FieldReport, type FieldValue, type Notice, type ProfileReport, type ProfileState, type Verdict } from "./report";

/** `pulumi-nodejs:dynamic/wavix:Profile` → api "wavix", resource "Profile". */
const PROFILE_TOKEN = /^pulumi-nodejs:dynamic\/([a-z][a-z0-9]*):([A-Za-z]+)$/;
/** How Pulumi marks a secret value in state and in engine events (its ciphertext is "[secret]" there). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
/** A value the engine showed masked. */
const SECRET: unique symbol = Symbol("secret");
type Shown = FieldValue | typeof SECRET | undefined;

export interface AnalyzeOptions {
  /** The API's name as users know it ("Wavix"), or undefined for a type that is not one of ours. */
  displayName(api: string): string | undefined;
  /** The provider's rule for a field (secret, one-way…). */
  /** The rule of a field of one resource type (`twilio`, `EndUser`). */
  ruleFor(api: string, path: string, resourceName: string): FieldRule;
}

/** The provider recorded nothing for a profile the preview handled: the report would be a guess. */
export class IncompleteObservationError extends Error {}

/**
 * The report from what one preview with refresh showed. Pure. The provider says which fields
 * moved (live against last applied, as the API compares) and which an `up` would write; the
 * engine's events give the values, secrets masked; the planned steps say what else `up` does.
 */
export function buildReport(seen: StackObservation, options: AnalyzeOptions): DriftReport {
  const reads = latestBy(seen.observations.filter((o): o is ReadObservation => o.kind === "read"));
  const diffs = latestBy(seen.observations.filter((o): o is DiffObservation => o.kind === "diff"));
  const opsByUrn = byUrn(seen.steps, (step) => step.op);
  const restoreCommand = `pulumi up --refresh --stack ${seen.stack}`;

  const urns = [...seen.resources.map((r) => r.urn), ...seen.steps.map((s) => s.urn)];
  const types = new Map([...seen.steps.map((s) => [s.urn, s.type] as const), ...seen.resources.map((r) => [r.urn, r.type] as const)]);
  const stateByUrn = new Map(seen.resources.map((r) => [r.urn, r]));
  const pendingByUrn = byUrn(seen.pendingOperations, (pending) => pending.operation);
  const profiles: ProfileReport[] = [];
  for (const urn of new Set(urns)) {
    const match = PROFILE_TOKEN.exec(types.get(urn) ?? "");
    const displayName = match ? options.displayName(match[1]!) : undefined;
    if (!match || displayName === undefined) continue;
    const [, api, resourceName] = match as unknown as [string, string, string];
    const inState = stateByUrn.get(urn);
    const key = inState?.id !== undefined ? observationKey({ api, id: inState.id, account: inState.account }) : undefined;
    const read = key ? reads.get(key) : undefined;
    const diff = key ? diffs.get(key) : undefined;
    const ops = opsByUrn.get(urn) ?? [];
    const removed = ops.includes("delete");
    const name = diff?.owner ?? inState?.owner ?? urn.split("::").at(-1)!;
    const unrecorded = (what: string) =>
      new IncompleteObservationError(`the provider recorded no ${what}: is the pulumi-profiles installed in this project older than the command? Run the project's own (\`npx pulumi-profiles drift\`)`);
    if (inState && !read) throw unrecorded(`read of ${name}`);
    if (inState && !removed && !read!.gone && !diff) throw unrecorded(`comparison of ${name} with the program`);

    const notices: Notice[] = [...(read?.notices ?? [])];
    for (const operation of pendingByUrn.get(urn) ?? []) {
      const unlock = `if that run was killed, \`pulumi cancel --stack ${seen.stack}\` first releases the lock it left`;
      notices.push({
        kind: "pending-operation",
        message:
          operation === "creating"
            ? // Pulumi does not know whether the create happened: only the user can say (README, Known limits).
              `a run stopped while creating it, so Pulumi does not know whether it exists: \`pulumi refresh --stack ${seen.stack}\` with \`--import-pending-creates\` (it exists) or \`--clear-pending-creates\` (it does not) settles it (${unlock})`
            : `a run stopped while ${operation} it, and Pulumi keeps that in state: \`${restoreCommand}\` reads the profile and finishes (${unlock})`,
      });
    }
    const fields = read && diff && !read.gone && !removed ? fieldReports(read, diff, seen.values[urn] ?? {}, (path) => options.ruleFor(api, path, resourceName), restoreCommand) : [];
    let state: ProfileState = stateOf(fields);
    if (read?.gone) {
      state = "gone";
      notices.push({ kind: "gone", message: `${displayName} no longer has ${resourceName} ${inState!.id}: it was deleted outside Pulumi. \`pulumi up\` creates a new one; remove the resource from the program to let it go.` });
    } else if (!inState) {
      state = "new";
      notices.push({ kind: "create", message: "in the program but not in the stack yet: `pulumi up` creates or adopts it" });
    } else if (removed) {
      state = "removed";
      notices.push({ kind: "delete", message: "in the stack but no longer in the program: `pulumi up` lets it go (or deletes or restores it, as its options say)" });
    } else if (ops.some((op) => op === "replace" || op === "create-replacement")) {
      notices.push({ kind: "replace", message: "`pulumi up` moves this resource to another object (a locator or a field fixed at creation changed)" });
      if (state === "in-sync") state = "pending";
    } else if (ops.includes("update") && fields.every((f) => f.verdict === "converged")) {
      // No field explains the update the preview plans: the lifecycle options changed.
      notices.push({ kind: "update", message: "`pulumi up` updates it without writing a field (restoreOnDelete or deleteOnDestroy changed)" });
      state = "pending";
    }
    if (state === "in-sync" && notices.some((n) => n.kind !== "info")) state = "drifted";
    // The account the stack reads it with; one not in the stack yet has only the program's.
    const programAccount = seen.values[urn]?.program?.account;
    const account = inState ? inState.account : typeof programAccount === "string" ? programAccount : undefined;
    profiles.push({ urn, name, api, kind: `${displayName} ${resourceName}`, ...(inState?.id !== undefined ? { id: inState.id } : {}), ...(account !== undefined ? { account } : {}), state, fields, notices });
  }

  const count = (...states: ProfileState[]) => profiles.filter((p) => states.includes(p.state)).length;
  const counts = { profiles: profiles.length, inSync: count("in-sync"), drifted: count("drifted"), pending: count("pending", "new", "removed"), conflicts: count("conflict"), gone: count("gone") };
  return {
    version: REPORT_VERSION,
    project: seen.project,
    stack: seen.stack,
    readAt: seen.readAt,
    outcome: counts.inSync === counts.profiles ? "clean" : "changes",
    counts,
    profiles,
    restoreCommand,
  };
}

/** What each resource has of something the engine lists per resource (its steps, its pending operations). */
function byUrn<T extends { urn: string }>(items: T[], value: (item: T) => string): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const item of items) grouped.set(item.urn, [...(grouped.get(item.urn) ?? []), value(item)]);
  return grouped;
}

/** The latest observation of each object: a refresh may run a diff too, before the preview's own. */
/** A profile's records by API, account and id: an account's one profile has the same id in every account. */
const observationKey = (o: { api: string; id: string; account?: string | undefined }) => `${o.api}\0${o.account ?? ""}\0${o.id}`;

function latestBy<T extends { api: string; id: string; account?: string | undefined }>(observations: T[]): Map<string, T> {
  return new Map(observations.map((o) => [observationKey(o), o]));
}

const VERDICT_RANK: Record<Verdict, number> = { converged: 0, program: 1, drift: 2, conflict: 3 };

function stateOf(fields: FieldReport[]): ProfileState {
  const worst = fields.reduce<Verdict | undefined>((w, f) => (w === undefined || VERDICT_RANK[f.verdict] > VERDICT_RANK[w] ? f.verdict : w), undefined);
  if (worst === "conflict") return "conflict";
  if (worst === "drift") return "drifted";
  if (worst === "program") return "pending";
  return "in-sync";
}

/**
 * One entry per field that moved. The provider decided the two facts that matter, as the API
 * compares values: did live move away from what was last applied, and would `up` write the field.
 * Live moved and `up` writes nothing → converged; `up` writes it and live did not move → a program
 * change; both → drift when the program still says what was last applied, else a conflict.
 */
export function fieldReports(read: ReadObservation, diff: DiffObservation, shown: ShownValues, ruleFor: (path: string) => FieldRule, restoreCommand: string): FieldReport[] {
  const liveChanged = new Set(read.liveChanged);
  const toWrite = new Set([...diff.changed, ...diff.unknown]);
  const unknown = new Set(diff.unknown);
  const paths = [...new Set([...liveChanged, ...toWrite])].sort();
  return paths.map((field) => {
    const programMoved = unknown.has(field) || read.lastApplied[field] !== diff.program[field];
    const verdict: Verdict = !toWrite.has(field) ? "converged" : !liveChanged.has(field) ? "program" : programMoved ? "conflict" : "drift";
    const values: Record<"lastApplied" | "live" | "program", Shown> = { lastApplied: valueAt(shown.lastApplied, field), live: valueAt(shown.live, field), program: valueAt(shown.program, field) };
    const secret = Boolean(ruleFor(field).secret) || Object.values(values).some((v) => v === SECRET);
    const report: FieldReport = { field, verdict, secret };
    if (!secret) for (const key of ["lastApplied", "live", "program"] as const) if (values[key] !== undefined) report[key] = values[key] as FieldValue;
    if (unknown.has(field)) report.programUnknown = true;
    if (verdict === "drift" || verdict === "conflict") {
      report.keepLive = keepLiveEdit(field, secret, ruleFor(field), values.live);
      report.restoreProgram = restoreCommand;
    }
    return report;
  });
}

function keepLiveEdit(field: string, secret: boolean, rule: FieldRule, live: Shown): string {
  if (secret) return `set ${field} (a secret) to the value now live, where the program takes it from (e.g. \`pulumi config set --secret …\`)`;
  // The API moves a one-way field itself (Twilio's Status): the program cannot ask for the live value.
  if (rule.oneWay) return `the API moved ${field} itself; \`pulumi refresh\` records it`;
  if (live === undefined || live === null || live === "") return `remove ${field} from the program`;
  return programEdit(field, live as FieldValue);
}

/** The value at a dotted path of what the engine showed; SECRET where any level is a masked secret. */
export function valueAt(values: Record<string, unknown> | undefined, path: string): Shown {
  let node: unknown = values;
  for (const key of path.split(".")) {
    if (isSecret(node)) return SECRET;
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (isSecret(node)) return SECRET;
  return node === null || ["string", "number", "boolean"].includes(typeof node) ? (node as FieldValue) : undefined;
}

function isSecret(node: unknown): boolean {
  return typeof node === "object" && node !== null && SECRET_SIGNATURE in node;
}

/** The program edit that keeps a value: `job_title: "CTO"`, `company_info: { name: "Other Ltd" }`. */
export function programEdit(path: string, value: FieldValue): string {
  const keys = path.split(".");
  const identifier = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));
  let text = JSON.stringify(value);
  for (const key of keys.slice(1).reverse()) text = `{ ${identifier(key)}: ${text} }`;
  return `${identifier(keys[0]!)}: ${text}`;
}
