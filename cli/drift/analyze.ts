import type { DiffObservation, ReadObservation } from "../../provider/engine/driftObservations";
import type { StackObservation } from "./collect";
import { REPORT_VERSION, type DriftReport, type FieldReport, type FieldValue, type Notice, type ProfileReport, type ProfileState, type Verdict } from "./report";

/** `pulumi-nodejs:dynamic/wavix:Profile` → api "wavix", resource "Profile". */
const PROFILE_TOKEN = /^pulumi-nodejs:dynamic\/([a-z][a-z0-9]*):([A-Za-z]+)$/;

export interface AnalyzeOptions {
  /** The API's name as users know it ("Wavix"), or undefined for a type that is not one of ours. */
  displayName(api: string): string | undefined;
}

/**
 * The report from what one preview with refresh observed. Pure: every value comes from the
 * observation; the verdict per field follows from three comparisons the provider made with the
 * API's own normalisation (last applied vs live, program vs last applied, program vs live).
 */
export function buildReport(seen: StackObservation, options: AnalyzeOptions): DriftReport {
  const reads = latestBy(seen.observations.filter((o): o is ReadObservation => o.kind === "read"));
  const diffs = latestBy(seen.observations.filter((o): o is DiffObservation => o.kind === "diff"));
  const opsByUrn = new Map<string, string[]>();
  for (const step of seen.steps) opsByUrn.set(step.urn, [...(opsByUrn.get(step.urn) ?? []), step.op]);
  const restoreCommand = `pulumi up --refresh --stack ${seen.stack}`;

  const urns = [...seen.resources.map((r) => r.urn), ...seen.steps.map((s) => s.urn)];
  const types = new Map([...seen.steps.map((s) => [s.urn, s.type] as const), ...seen.resources.map((r) => [r.urn, r.type] as const)]);
  const profiles: ProfileReport[] = [];
  for (const urn of new Set(urns)) {
    const match = PROFILE_TOKEN.exec(types.get(urn) ?? "");
    const displayName = match ? options.displayName(match[1]!) : undefined;
    if (!match || displayName === undefined) continue;
    const [, api, resourceName] = match as unknown as [string, string, string];
    const inState = seen.resources.find((r) => r.urn === urn);
    const key = inState?.id !== undefined ? `${api}\0${inState.id}` : undefined;
    const read = key ? reads.get(key) : undefined;
    const diff = key ? diffs.get(key) : undefined;
    const ops = opsByUrn.get(urn) ?? [];
    const notices: Notice[] = [...(read?.notices ?? [])];
    for (const pending of seen.pendingOperations.filter((p) => p.urn === urn)) {
      notices.push({ kind: "pending-operation", message: `a run was cut short while ${pending.operation} it: run \`${restoreCommand}\` to finish (Pulumi keeps the pending operation in state until then)` });
    }
    const fields = read?.gone || !diff ? [] : fieldReports(read, diff, restoreCommand);
    let state: ProfileState = stateOf(fields);
    if (read?.gone) {
      state = "gone";
      notices.push({ kind: "gone", message: `${displayName} no longer has ${resourceName} ${inState!.id}: it was deleted outside Pulumi. \`pulumi up\` creates a new one; remove the resource from the program to let it go.` });
    } else if (!inState) {
      state = "new";
      notices.push({ kind: "create", message: "in the program but not in the stack yet: `pulumi up` creates or adopts it" });
    } else if (ops.includes("delete") && !diff) {
      state = "removed";
      notices.push({ kind: "delete", message: "in the stack but no longer in the program: `pulumi up` lets it go (or deletes or restores it, as its options say)" });
    } else if (ops.some((op) => op === "replace" || op === "create-replacement")) {
      notices.push({ kind: "replace", message: "`pulumi up` moves this resource to another object (a locator or a field fixed at creation changed)" });
      if (state === "in-sync") state = "pending";
    }
    if (state === "in-sync" && notices.length > 0) state = "drifted";
    profiles.push({ urn, name: diff?.owner ?? inState?.owner ?? urn.split("::").at(-1)!, api, kind: `${displayName} ${resourceName}`, ...(inState?.id !== undefined ? { id: inState.id } : {}), state, fields, notices });
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

/** The latest observation of each object: the engine may ask the provider more than once. */
function latestBy<T extends { api: string; id: string }>(observations: T[]): Map<string, T> {
  return new Map(observations.map((o) => [`${o.api}\0${o.id}`, o]));
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
 * One entry per field that moved:
 * live ≠ last applied, program = last applied → drift; program ≠ last applied, live = last applied
 * → a program change; both moved → a conflict, unless they moved to the same value (converged).
 */
export function fieldReports(read: ReadObservation | undefined, diff: DiffObservation, restoreCommand: string): FieldReport[] {
  const liveChanged = new Set(read?.liveChanged ?? []);
  const vsLast = new Set(diff.programVsLast);
  const vsLive = new Set(diff.programVsLive);
  const secrets = new Set([...(read?.secrets ?? []), ...diff.secrets]);
  const unknown = new Set(diff.unknown);
  const paths = [...new Set([...liveChanged, ...vsLast])].sort();
  return paths.map((field) => {
    const verdict = verdictOf(liveChanged.has(field), vsLast.has(field), vsLive.has(field));
    const secret = secrets.has(field);
    const report: FieldReport = { field, verdict, secret };
    if (!secret) {
      assign(report, "lastApplied", read?.lastApplied[field]);
      assign(report, "live", read?.live[field]);
      assign(report, "program", diff.program[field]);
    }
    if (unknown.has(field)) report.programUnknown = true;
    if (verdict === "drift" || verdict === "conflict") {
      report.keepLive = secret
        ? `set ${field} (a secret) to the value now live, where the program takes it from (e.g. \`pulumi config set --secret …\`)`
        : read && field in read.live
          ? programEdit(field, read.live[field]!)
          : `remove ${field} from the program`;
      report.restoreProgram = restoreCommand;
    }
    return report;
  });
}

function verdictOf(liveChanged: boolean, programVsLast: boolean, programVsLive: boolean): Verdict {
  if (liveChanged && !programVsLast) return "drift";
  if (!liveChanged) return "program";
  return programVsLive ? "conflict" : "converged";
}

function assign(report: FieldReport, key: "lastApplied" | "live" | "program", value: FieldValue | undefined): void {
  if (value !== undefined) report[key] = value;
}

/** The program edit that keeps a value: `job_title: "CTO"`, `company_info: { name: "Other Ltd" }`. */
export function programEdit(path: string, value: FieldValue): string {
  const keys = path.split(".");
  const identifier = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));
  let text = JSON.stringify(value);
  for (const key of keys.slice(1).reverse()) text = `{ ${identifier(key)}: ${text} }`;
  return `${identifier(keys[0]!)}: ${text}`;
}
