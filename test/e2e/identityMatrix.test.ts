import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { Deployment, EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { FOREIGN_PATH_PREFIX, startSandbox, type RecordedRequest, type Sandbox } from "../../sandbox";
import { twosms, voximplant, wavix } from "../../sdk";
import { acknowledgeHang, HungCommandError } from "../../scripts/pulumi-cli/commandGuards";
import { createStack, makeProgramDir, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { findObject, flatInputs, missingSid, sidInPath, TWILIO_TYPES, twilioType, typeOfSid, type TwilioObjectType } from "../support/twilioObjects";
import { ACCOUNT_COLUMNS, COLUMNS, MATRIX_FILE, notApplicable, renderMatrix, resourceOf, ROWS, type Api, type CellResult, type ColumnKey, type Row, type Variant } from "./identityMatrixTable";

/**
 * The identity matrix through the real Pulumi CLI: which object each resource owns when the
 * program is edited (renamed, re-pointed, doubled) or run with flags (`--replace`, `--target`, a
 * wrong base URL, another account's credentials). One stack per option variant, each with its own
 * emulators; every column starts from the same recorded state (stack imported, emulators put back),
 * makes its edit or runs its command, then one plain `up` and `preview --refresh
 * --expect-no-changes`, and checks what a user would: every live object the program did not ask to
 * delete still exists with the values the program (or nobody) set, no duplicate exists, state holds
 * every object the program declares, nothing in the second account was written. Each cell also
 * checks that its action did what the column means, from engine events and the emulators' request
 * logs; a cell where it did not is vacuous (◌) and fails the suite. The table is written to
 * test/e2e/IDENTITY-MATRIX.md. IDENTITY_COLUMNS=rename,alias and IDENTITY_VARIANTS=none run a subset.
 *
 * The `account` columns move every row between credential sets (README "Fleets"): acme and
 * acme-too are the primary account's credentials under two names, beta the second account's,
 * gamma none at all. The first moves the stack from the top-level settings to acme, and its end
 * is recorded as the start of the others (ACCOUNT_START).
 */
jest.setTimeout(900_000);

const selectedColumns = process.env.IDENTITY_COLUMNS?.split(",").map((c) => c.trim()) ?? COLUMNS.map((c) => c.key);
const selectedVariants = (process.env.IDENTITY_VARIANTS?.split(",").map((v) => v.trim()) ?? Object.keys(ROWS)) as Variant[];

// ---------------------------------------------------------------------------------------------
// What the program declares

/** The fields each row's program sets (a Twilio row's are its type's create inputs, under its own name); secrets left out. */
const PROGRAM: Record<string, Record<string, unknown>> = {
  wavix: { job_title: "Platform lead", time_zone: "Europe/Berlin" },
  voximplant: { account_first_name: "Ivana", language_code: "de" },
  twosms: { Name: "Stack Ltd", FirstName: "Jordan" },
  "tw-created": { FriendlyName: "Made by the stack", Email: "made@acme.example" },
  "tw-adopted": { FriendlyName: "Adopted by the stack", Email: "adopted@acme.example" },
  "tw-adopted-dod": { FriendlyName: "Adopted, deleted on destroy", Email: "dod@acme.example" },
};

/** What a row's program sets. */
function programOf(row: Row): Record<string, unknown> {
  if (row.api !== "twilio") return PROGRAM[row.id]!;
  const type = typeOf(row);
  return { ...type.createInputs(`Stack's ${row.id}`), ...PROGRAM[row.id] };
}

/** The fields compared with the live object, as flat paths (an EndUser's Attributes.business_name). */
const comparedProgram = (row: Row) => flatInputs(programOf(row));

/** How each singleton API's live record shows the compared fields; Twilio objects' types say (twilioObjects.ts). */
const LIVE_FIELDS: Record<Exclude<Api, "twilio">, Record<string, (record: Record<string, unknown>) => unknown>> = {
  wavix: { job_title: (p) => p.job_title, time_zone: (p) => p.timezone },
  voximplant: { account_first_name: (a) => a.account_first_name, language_code: (a) => a.language_code },
  twosms: { Name: (a) => a.Name, FirstName: (a) => a.FirstName },
};

const typeOf = (row: Row): TwilioObjectType => twilioType(resourceOf(row));

/** How the program declares a row now: its name, aliases, which object it names, whether at all, in which account. */
interface Declared {
  name: string;
  aliases?: string[];
  /** undefined: the row's own locator (an adopted Twilio profile's sid); null: none; else this one. */
  locator?: string | null;
  present: boolean;
  /** The `account` input; undefined: none (the top-level settings). */
  account?: string;
}

interface Spec {
  rows: Record<string, Declared>;
  /** Rows whose object a second resource names as well. */
  twins?: Set<string>;
}

/**
 * What becomes of a live object: it holds the program's values, its values from before the stack
 * (never touched, or restored), or it is gone. Objects are keys: `wavix` and `voximplant` (the
 * primary account's profile), `twosms:<id>`, `twilio:<sid>` (the sid's prefix says its type); the
 * second account's are the same with `@beta` after the API (`wavix@beta`, `twilio@beta:<sid>`).
 */
type Fate = "program" | "original" | "deleted";

/** The credential sets of the `account` columns: acme and acme-too are the primary account's, beta the second one's; gamma has none. */
const ACCOUNTS = { acme: "primary", "acme-too": "primary", beta: "other" } as const;
const MISSING_ACCOUNT = "gamma";
/** The credential variables an account's set repeats with its suffix (`WAVIX_API_KEY__ACME`). */
const CREDENTIAL_VARS = ["WAVIX_API_KEY", "VOXIMPLANT_CREDENTIALS", "TWOSMS_CLIENT_ID", "TWOSMS_CLIENT_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"];
/** The setting a missing account's error must name, per API: the first credential its client requires. */
const FIRST_CREDENTIAL: Record<Api, { setting: string; env: string }> = {
  wavix: { setting: "apiKey", env: "WAVIX_API_KEY" },
  voximplant: { setting: "credentials", env: "VOXIMPLANT_CREDENTIALS" },
  twosms: { setting: "clientId", env: "TWOSMS_CLIENT_ID" },
  twilio: { setting: "accountSid", env: "TWILIO_ACCOUNT_SID" },
};
const accountVar = (variable: string, account: string) => `${variable}__${account.toUpperCase().replace(/-/g, "_")}`;

/** The API of an object key, and whether the key names an object of the second account. */
const apiOfKey = (key: string) => key.split(":")[0]!.split("@")[0] as Api;
const inBeta = (key: string) => key.split(":")[0]!.endsWith("@beta");

/**
 * A recorded point columns start from: the stack's state, the emulators, the object each row
 * holds there, and the account every row's program names (undefined: the top-level settings).
 */
interface Start {
  deployment: Deployment;
  emulators: EmulatorState;
  home: Record<string, string>;
  account?: string;
}

interface World {
  variant: Variant;
  rows: Row[];
  s: Sandbox;
  stack: Stack;
  spec: Spec;
  /** Resources the program declared in the command running now. */
  declared: Set<string>;
  /**
   * Resources an up or preview deleted although its program declared them: their registration
   * never reached the engine (an inline program's gRPC connection to the CLI can fail under load).
   */
  lost: string[];
  /** Rows whose second resource the program reached, with what its constructor threw ("" if nothing). */
  twinRefusals: Map<string, string>;
  smsPassword: string;
  /** The object each row holds at the start of the column (the start's), the one it is re-pointed to, one whose PolicySid differs, an id nothing has. */
  home: Record<string, string>;
  target: Record<string, string>;
  fixed: Record<string, string>;
  missing: Record<string, string>;
  /**
   * The second account's object a row moves to with `account: beta`: its profile (a singleton),
   * an object the program names by sid (an adopted row, once its program names one beta reaches).
   */
  beta: Record<string, string>;
  /** The compared fields of every known object before the stack touched it. */
  originals: Record<string, Record<string, unknown>>;
  /** The start of every column (no `account`), and the second account's objects then (otherAccountObjects). */
  base: Start & { other: Map<string, string> };
  /** The stack at account acme (ACCOUNT_START), and the first `account` column's end, which becomes it if that column holds. */
  acme?: Start;
  acmeCandidate?: Start;
  /** The emulators before the stack's first up. */
  pristine: EmulatorState;
  /** Where the column running now started. */
  start: Start;
  env: { base: Record<string, string>; wrongUrl: Record<string, string>; other: Record<string, string> };
}

const idOf = (key: string) => key.slice(key.indexOf(":") + 1);
const baseLocator = (w: World, row: Row) => (row.kind === "adopted" ? idOf(w.home[row.id]!) : null);

function declareRow(w: World, row: Row, name: string, locator: string | null, opts?: pulumi.CustomResourceOptions, account?: string): void {
  w.declared.add(name);
  const option = { ...(row.option === "none" ? {} : { [row.option]: true }), ...(account ? { account } : {}) };
  const fields = programOf(row);
  if (row.api === "wavix") new wavix.Profile(name, { ...fields, ...option }, opts);
  else if (row.api === "voximplant") new voximplant.AccountInfo(name, { ...fields, ...option }, opts);
  else if (row.api === "twosms") new twosms.Account(name, { ...fields, SMSPassword: w.smsPassword, ...(locator ? { accountId: locator } : {}), ...option }, opts);
  else typeOf(row).declare(name, { ...fields, ...(locator ? { sid: locator } : {}), ...option }, opts);
}

function declareProgram(w: World): void {
  for (const row of w.rows) {
    const d = w.spec.rows[row.id]!;
    if (!d.present) continue;
    const locator = d.locator === undefined ? baseLocator(w, row) : d.locator;
    declareRow(w, row, d.name, locator, d.aliases ? { aliases: d.aliases.map((name) => ({ name })) } : undefined, d.account);
    if (!w.spec.twins?.has(row.id)) continue;
    // The same object by the row's locator, or by the id it holds when the program gives none. A
    // constructor's refusal is recorded rather than thrown: an inline program that throws leaves
    // an unhandled rejection in the Automation API's host process (here, jest's, which then fails
    // the suite), and a program that throws fails its `up` whatever else happens.
    w.twinRefusals.set(row.id, "");
    try {
      declareRow(w, row, `${row.id}-twin`, row.api === "wavix" || row.api === "voximplant" ? null : (locator ?? idOf(w.home[row.id]!)), undefined, d.account);
    } catch (err) {
      w.twinRefusals.set(row.id, (err as Error).message);
    }
  }
}

const baseSpec = (rows: Row[], account?: string): Spec => ({ rows: Object.fromEntries(rows.map((row) => [row.id, { name: row.id, present: true, ...(account ? { account } : {}) }])) });
const rowOfName = (w: World, name: string) => w.rows.find((r) => [r.id, `${r.id}-renamed`, `${r.id}-twin`].includes(name));

// ---------------------------------------------------------------------------------------------
// The emulators: live objects, both accounts, put back before every column

function liveRecord(s: Sandbox, key: string): Record<string, unknown> | undefined {
  const [api, beta] = [apiOfKey(key), inBeta(key)];
  if (api === "wavix") return (beta ? s.wavix.emulator.otherProfile : s.wavix.emulator.profile) as unknown as Record<string, unknown>;
  if (api === "voximplant") return (beta ? s.voximplant.emulator.otherAccount : s.voximplant.emulator.account) as unknown as Record<string, unknown>;
  if (api === "twosms") {
    const { account, subAccount, otherAccount } = s.twosms.emulator;
    return (beta ? [otherAccount] : [account, subAccount]).find((a) => a.ID.toLowerCase() === idOf(key).toLowerCase()) as unknown as Record<string, unknown> | undefined;
  }
  const object = findObject(s, idOf(key));
  const owner = beta ? s.twilio.emulator.otherAccountSid : s.twilio.emulator.accountSid;
  return object && object.account_sid === owner ? (object as unknown as Record<string, unknown>) : undefined;
}

function liveValues(s: Sandbox, key: string): Record<string, unknown> | undefined {
  const record = liveRecord(s, key);
  if (!record) return undefined;
  const api = apiOfKey(key);
  if (api === "twilio") return typeOfSid(idOf(key))!.liveFields(record as never);
  return Object.fromEntries(Object.entries(LIVE_FIELDS[api]).map(([field, read]) => [field, read(record)]));
}

interface EmulatorState {
  wavix: Array<[string, unknown]>;
  voximplant: { account: unknown; otherAccount: unknown; hidden: unknown };
  twosms: { account: unknown; subAccount: unknown; otherAccount: unknown };
  /** Every Twilio object type's objects, by type. */
  twilio: unknown[][];
}

const copy = <T>(value: T): T => structuredClone(value);

function snapshotEmulators(s: Sandbox): EmulatorState {
  const { voximplant: vox, twosms: sms } = { voximplant: s.voximplant.emulator, twosms: s.twosms.emulator };
  return {
    wavix: copy([...s.wavix.emulator.accounts.entries()]),
    voximplant: copy({ account: vox.account, otherAccount: vox.otherAccount, hidden: vox.hidden }),
    twosms: copy({ account: sms.account, subAccount: sms.subAccount, otherAccount: sms.otherAccount }),
    twilio: TWILIO_TYPES.map((type) => copy([...type.store(s).values()])),
  };
}

function restoreEmulators(s: Sandbox, state: EmulatorState): void {
  for (const [key, profile] of copy(state.wavix)) Object.assign(s.wavix.emulator.accounts.get(key)!, profile);
  const vox = copy(state.voximplant);
  Object.assign(s.voximplant.emulator.account, vox.account);
  Object.assign(s.voximplant.emulator.otherAccount, vox.otherAccount);
  for (const key of Object.keys(s.voximplant.emulator.hidden)) delete s.voximplant.emulator.hidden[key];
  Object.assign(s.voximplant.emulator.hidden, vox.hidden);
  const sms = copy(state.twosms);
  Object.assign(s.twosms.emulator.account, sms.account);
  Object.assign(s.twosms.emulator.subAccount, sms.subAccount);
  Object.assign(s.twosms.emulator.otherAccount, sms.otherAccount);
  for (const [i, type] of TWILIO_TYPES.entries()) {
    const store = type.store(s);
    store.clear();
    for (const object of copy(state.twilio[i]!) as Array<{ sid: string }>) store.set(object.sid, object as never);
  }
}

/** The second account's objects as each emulator holds them, whole, by key (wavix@beta, twilio@beta:<sid>…). */
function otherAccountObjects(s: Sandbox): Map<string, string> {
  const { otherAccountSid } = s.twilio.emulator;
  const out = new Map<string, string>([
    ["wavix@beta", JSON.stringify(s.wavix.emulator.otherProfile)],
    ["voximplant@beta", JSON.stringify(s.voximplant.emulator.otherAccount)],
    [`twosms@beta:${s.twosms.emulator.otherAccount.ID.toLowerCase()}`, JSON.stringify(s.twosms.emulator.otherAccount)],
  ]);
  for (const type of TWILIO_TYPES) for (const o of type.store(s).values()) if (o.account_sid === otherAccountSid) out.set(`twilio@beta:${o.sid}`, JSON.stringify(o));
  return out;
}

const jwtKid = (r: RecordedRequest) => {
  const token = r.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
  try {
    return (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as { kid?: string }).kid;
  } catch {
    return undefined;
  }
};

/** Whether a request carries the second account's credentials (a 2sms token request names its client). */
function carriesOtherCredentials(s: Sandbox, api: Api, r: RecordedRequest): boolean {
  if (api === "wavix") return r.headers.authorization === `Bearer ${s.wavix.emulator.otherApiKey}`;
  if (api === "voximplant") return jwtKid(r) === s.voximplant.emulator.otherCredentials.key_id;
  if (api === "twosms") return r.path.endsWith("/Token") && new URLSearchParams(r.body).get("client_id") === s.twosms.emulator.otherClientId;
  const { otherAccountSid, otherAuthToken } = s.twilio.emulator;
  return r.headers.authorization === `Basic ${Buffer.from(`${otherAccountSid}:${otherAuthToken}`).toString("base64")}`;
}

/** A write the second account's emulator would apply: no other request can change it. */
function writesOtherAccount(s: Sandbox, api: Api, r: RecordedRequest): boolean {
  if (!isWrite(api, r)) return false;
  if (api === "wavix" || api === "voximplant") return carriesOtherCredentials(s, api, r);
  if (api === "twosms") return r.path.toLowerCase().endsWith(s.twosms.emulator.otherAccount.ID.toLowerCase());
  const sid = sidInPath(r.path);
  return (sid !== undefined && findObject(s, sid)?.account_sid === s.twilio.emulator.otherAccountSid) || (TWILIO_TYPES.some((t) => t.isCollection(r.path)) && carriesOtherCredentials(s, api, r));
}

function isWrite(api: Api, r: RecordedRequest): boolean {
  if (api === "voximplant") return /SetAccountInfo/.test(r.path) || r.query.cmd === "SetAccountInfo";
  if (api === "twilio") return r.method !== "GET" && (TWILIO_TYPES.some((t) => t.isCollection(r.path)) || typeOfSid(sidInPath(r.path) ?? "") !== undefined);
  return r.method === "PUT";
}

/**
 * Writes (or deletes, or creates) that touch a row's object: `key`'s, in `key`'s account (a
 * singleton's write goes to the account its credentials act for; a create to the account whose
 * credentials send it).
 */
function writesTo(w: World, row: Row, key: string, requests: Record<Api, RecordedRequest[]>): RecordedRequest[] {
  return requests[row.api].filter((r) => {
    if (!isWrite(row.api, r) || r.path.startsWith(FOREIGN_PATH_PREFIX)) return false;
    if (row.api === "twosms") return r.path.toLowerCase().endsWith(idOf(key).toLowerCase());
    if (row.api === "twilio") return sidInPath(r.path) === idOf(key) || createsFor(w, row, r, inBeta(key));
    return carriesOtherCredentials(w.s, row.api, r) === inBeta(key);
  });
}

/** A create of the row's type carrying the row's FriendlyName: the object the row makes (in the second account with `beta`). */
const createsFor = (w: World, row: Row, r: RecordedRequest, beta = false) =>
  r.method === "POST" && typeOf(row).isCollection(r.path) && new URLSearchParams(r.body).get("FriendlyName") === programOf(row).FriendlyName && carriesOtherCredentials(w.s, "twilio", r) === beta;

/** Any request (read or write) for an object id, by the right credentials or not, under any base path (the 2010 API's end in .json). */
const requestsFor = (requests: RecordedRequest[], id: string) => requests.filter((r) => r.path.toLowerCase().endsWith(`/${id.toLowerCase()}`) || r.path.toLowerCase().endsWith(`/${id.toLowerCase()}.json`));

// ---------------------------------------------------------------------------------------------
// Running Pulumi commands, with what each one did per resource

interface Op {
  error?: Error;
  /** Output, and the error's message. */
  text: string;
  /** Steps in the order the engine began them: resource name and op. */
  steps: Array<{ name: string; op: string }>;
  /** Error diagnostics by resource name; "" for those with no resource. */
  failures: Map<string, string[]>;
  /** Requests each emulator received while it ran. */
  requests: Record<Api, RecordedRequest[]>;
}

type OpOptions = { onEvent: (e: EngineEvent) => void; onOutput: (s: string) => void };

const APIS: Api[] = ["wavix", "voximplant", "twosms", "twilio"];

async function op(w: World, run: (o: OpOptions) => Promise<unknown>): Promise<Op> {
  const marks = Object.fromEntries(APIS.map((api) => [api, w.s.servers[api]!.requests.length])) as Record<Api, number>;
  w.declared = new Set();
  const result: Op = { text: "", steps: [], failures: new Map(), requests: {} as Record<Api, RecordedRequest[]> };
  const onEvent = (event: EngineEvent) => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) result.steps.push({ name: pre.urn.split("::").pop()!, op: pre.op });
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error") {
      const name = diag.urn?.split("::").pop() ?? "";
      result.failures.set(name, [...(result.failures.get(name) ?? []), diag.message.trim()]);
    }
  };
  try {
    await run({ onEvent, onOutput: (s) => (result.text += s) });
  } catch (err) {
    // A hung command tells nothing about the cell: the column starts over (runColumn).
    if (err instanceof HungCommandError) throw err;
    result.error = err as Error;
    result.text += `\n${(err as Error).message}`;
  }
  for (const api of APIS) result.requests[api] = w.s.servers[api]!.requests.slice(marks[api]);
  w.lost.push(...result.steps.filter((s) => s.op === "delete" && w.declared.has(s.name)).map((s) => s.name));
  return result;
}

const CHANGES = new Set(["create", "update", "delete", "replace", "create-replacement", "delete-replaced", "discard", "import", "remove-pending-replace"]);
const stepsOf = (o: Op, name: string) => o.steps.filter((s) => s.name === name).map((s) => s.op);
const shorten = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text).replace(/\s+/g, " ").trim();
/** The error a command reported for a resource, or for the whole command when none names it. */
const failureOf = (o: Op, name: string) => (o.failures.get(name) ?? []).join(" | ") || undefined;
const overallFailure = (o: Op) => shorten([...o.failures.values()].flat().join(" | ") || o.error?.message || "");

interface StateEntry {
  id: string;
  urn: string;
  /** Its inputs and outputs as state records them (JSON). */
  record: string;
  /** Marked for deletion by the next up: a delete-before-replace whose create failed. */
  pendingReplacement: boolean;
}

function resourcesOf(exported: Deployment): Map<string, StateEntry> {
  const resources = (exported.deployment.resources ?? []) as Array<{ urn: string; id: string; type: string; delete?: boolean; pendingReplacement?: boolean; inputs?: unknown; outputs?: unknown }>;
  return new Map(
    resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/") && !r.delete)
      .map((r) => [r.urn.split("::").pop()!, { id: r.id, urn: r.urn, record: JSON.stringify({ inputs: r.inputs, outputs: r.outputs }), pendingReplacement: r.pendingReplacement === true }]),
  );
}

async function stateOf(w: World): Promise<Map<string, StateEntry>> {
  return resourcesOf(await w.stack.exportStack());
}

/** Each column starts from a recorded deployment, so its resources are known without asking the CLI. */
const baseState = (w: World) => resourcesOf(w.start.deployment);

// ---------------------------------------------------------------------------------------------
// What must hold, and checking it

interface RowExpectation {
  /** The resource's name in the program, or undefined when the program no longer declares it. */
  name?: string;
  /** The object state must hold for it: a key, or "new" (a Twilio object made in this column; "new@beta": in the second account). */
  holds?: string;
  fates: Record<string, Fate>;
}

function baseExpectation(w: World, row: Row): RowExpectation {
  const fates: Record<string, Fate> = { [w.home[row.id]!]: "program" };
  if (w.target[row.id]) fates[w.target[row.id]!] = "original";
  if (w.fixed[row.id]) fates[w.fixed[row.id]!] = "original";
  return { name: row.id, holds: w.home[row.id], fates };
}

/** What the new program's options do to an object a resource lets go of. */
const releaseFate = (row: Row): Fate => (row.kind === "created" || row.option === "deleteOnDestroy" ? "deleted" : row.option === "restoreOnDelete" ? "original" : "program");
const fateWord = (row: Row) => ({ deleted: "deleted", original: "restored", program: "forgotten" })[releaseFate(row)];

function sameId(api: Api, a: string, b: string): boolean {
  return api === "twosms" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Live objects as the expectation says, for one row; each entry is a problem. */
function fateProblems(w: World, row: Row, fates: Record<string, Fate>, when: string): string[] {
  const out: string[] = [];
  for (const [key, fate] of Object.entries(fates)) {
    const live = liveValues(w.s, key);
    const what =
      key === w.home[row.id]
        ? "its object"
        : key === w.target[row.id]
          ? "the re-pointed-to object"
          : key === w.fixed[row.id]
            ? `the object with another ${typeOf(row).fixed.field}`
            : key === w.beta[row.id]
              ? "the second account's object"
              : key;
    if (fate === "deleted") {
      if (live) out.push(`${when}: ${what} (${idOf(key)}) still exists, expected deleted`);
      continue;
    }
    if (!live) {
      out.push(`${when}: ${what} (${idOf(key)}) was deleted`);
      continue;
    }
    const want = fate === "program" ? comparedProgram(row) : w.originals[key]!;
    const differing = Object.keys(live).filter((field) => want[field] !== undefined && live[field] !== want[field]);
    if (differing.length > 0) {
      const label = fate === "program" ? "the program's" : "its original";
      out.push(`${when}: ${what} holds ${differing.map((f) => `${f}=${JSON.stringify(live[f])}`).join(", ")}, expected ${label} ${differing.map((f) => JSON.stringify(want[f])).join(", ")}`);
    }
  }
  return out;
}

/** Twilio objects of every type in the primary account (the second with `beta`) that none of the seeded, base or start objects is. */
function newObjects(w: World, beta = false): Array<{ sid: string; friendly_name: string; type: TwilioObjectType }> {
  const known = new Set([
    ...[...Object.values(w.home), ...Object.values(w.target), ...Object.values(w.fixed), ...Object.values(w.beta)].filter((k) => apiOfKey(k) === "twilio").map(idOf),
    ...(w.start.emulators.twilio.flat() as Array<{ sid: string }>).map((o) => o.sid),
  ]);
  const account = beta ? w.s.twilio.emulator.otherAccountSid : w.s.twilio.emulator.accountSid;
  return TWILIO_TYPES.flatMap((type) =>
    [...type.store(w.s).values()]
      .filter((o) => o.account_sid === account && !known.has(o.sid))
      .map((o) => ({ sid: o.sid, friendly_name: String((o as unknown as Record<string, unknown>).friendly_name), type })),
  );
}

/** The new objects a row's program would make: its type, its FriendlyName. */
const madeFor = (w: World, row: Row) => newObjects(w).filter((o) => o.type === typeOf(row) && o.friendly_name === programOf(row).FriendlyName);

/**
 * Everything that must hold after a column, per row (and "" for what belongs to no row): state
 * holds exactly the declared resources, each the object expected; live objects as expected; every
 * profile made in this column held by the stack, one per resource; the second account untouched.
 */
async function checkWorld(w: World, expect: Record<string, RowExpectation>, when: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(w.rows.map((r) => [r.id, []]));
  const add = (rowId: string, problem: string) => out.set(rowId, [...(out.get(rowId) ?? []), problem]);
  const state = await stateOf(w);
  const made = [...newObjects(w).map((o) => ({ ...o, beta: false })), ...newObjects(w, true).map((o) => ({ ...o, beta: true }))];
  for (const row of w.rows) {
    const e = expect[row.id]!;
    for (const problem of fateProblems(w, row, e.fates, when)) add(row.id, problem);
    if (!e.name) continue;
    const entry = state.get(e.name);
    if (!entry) {
      add(row.id, `${when}: state does not hold ${e.name}`);
      continue;
    }
    if (entry.pendingReplacement) add(row.id, `${when}: state marks ${e.name} for deletion (pending replacement)`);
    if (e.holds === "new" || e.holds === "new@beta") {
      const beta = e.holds === "new@beta";
      const mine = made.find((p) => p.sid === entry.id && p.beta === beta);
      if (!mine) add(row.id, `${when}: ${e.name} holds ${entry.id}, expected an object made in this column${beta ? " in the second account" : ""}`);
      else {
        const key = `twilio${beta ? "@beta" : ""}:${mine.sid}`;
        const problems = fateProblems(w, row, { [key]: "program" }, when);
        for (const problem of problems) add(row.id, problem.replace(key, "the object made for it"));
      }
    } else if (e.holds && (row.kind !== "singleton" || row.api === "twosms")) {
      if (!sameId(row.api, entry.id, idOf(e.holds))) add(row.id, `${when}: ${e.name} holds ${entry.id} in state, expected ${idOf(e.holds)}`);
    }
  }
  const declared = new Set(w.rows.map((r) => expect[r.id]!.name).filter(Boolean));
  for (const name of state.keys()) {
    if (declared.has(name)) continue;
    add(rowOfName(w, name)?.id ?? "", `${when}: state holds ${name}, which the program does not declare`);
  }
  for (const profile of made) {
    const holder = [...state.entries()].find(([, entry]) => entry.id === profile.sid)?.[0];
    const holderRow = holder ? rowOfName(w, holder) : undefined;
    const row = holderRow ?? w.rows.find((r) => r.api === "twilio" && typeOf(r) === profile.type && programOf(r).FriendlyName === profile.friendly_name);
    if (holderRow && expect[holderRow.id]!.holds === (profile.beta ? "new@beta" : "new")) continue;
    const where = profile.beta ? " in the second account" : "";
    const expected = row ? expect[row.id]?.holds : undefined;
    // Made while the row's own object lives on: a duplicate. Made in its place (the old one deleted): the object was made anew where the row should have kept its own.
    const what = row && expected && !expected.startsWith("new") && !liveRecord(w.s, expected) ? `a new ${profile.type.resource} ${profile.sid}${where} replaced ${idOf(expected)}` : `a duplicate ${profile.type.resource} ${profile.sid}${where}`;
    add(row?.id ?? "", `${when}: ${what} ("${profile.friendly_name}") exists${holder ? `, held by ${holder}` : ", held by no resource"}`);
  }
  // The second account's objects that no row's expectation names must be as they were (whole, not only the compared fields).
  const named = new Set(w.rows.flatMap((r) => [...Object.keys(expect[r.id]!.fates), expect[r.id]!.holds ?? ""]).filter(inBeta));
  const other = otherAccountObjects(w.s);
  for (const [key, was] of w.base.other) {
    if (named.has(key) || other.get(key) === was) continue;
    const api = apiOfKey(key);
    for (const row of w.rows.filter((r) => r.api === api)) add(row.id, `${when}: the second account's ${api} ${api === "twilio" ? `object ${idOf(key)}` : "profile"} ${other.has(key) ? "changed" : "is gone"}`);
  }
  return out;
}

/**
 * One plain `up` (unless `plainUp` is false: the column's own up must have converged), then
 * `preview --refresh --expect-no-changes`: problems per row ("" for the whole stack). `onUp` adds
 * a column's own checks of that up.
 */
async function converge(w: World, onUp?: (up: Op) => Map<string, string[]>, plainUp = true): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const add = (rowId: string, problem: string) => out.set(rowId, [...(out.get(rowId) ?? []), problem]);
  const up = plainUp ? await op(w, (o) => w.stack.up(o)) : undefined;
  if (up) for (const [rowId, problems] of onUp?.(up) ?? []) for (const problem of problems) add(rowId, problem);
  if (up?.error) {
    const named = [...up.failures.keys()].map((name) => rowOfName(w, name)).filter((r): r is Row => r !== undefined);
    for (const row of named.length > 0 ? named : w.rows) add(row.id, `the plain up failed: ${shorten(failureOf(up, row.id) ?? overallFailure(up))}`);
  }
  const preview = await op(w, (o) => w.stack.preview({ ...o, refresh: true, expectNoChanges: true }));
  if (preview.error) {
    const changed = preview.steps.filter((s) => CHANGES.has(s.op));
    const rows = [...new Set(changed.map((s) => rowOfName(w, s.name)).filter((r): r is Row => r !== undefined))];
    for (const row of rows.length > 0 ? rows : w.rows) {
      const ops = changed.filter((s) => rowOfName(w, s.name) === row).map((s) => `${s.op} ${s.name}`);
      add(row.id, `preview --refresh --expect-no-changes failed${ops.length > 0 ? ` (${ops.join(", ")})` : `: ${overallFailure(preview)}`}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The columns: each makes its edit or runs its command, and says what must hold after

interface Acted {
  /** Per row the column applies to: the model's outcome, problems seen during the action, why it was not met. */
  cells: Record<string, { outcome: string; problems: string[]; unmet?: string }>;
  /** What must hold after the plain up, for rows whose expectation is not the base one. */
  expect?: Record<string, RowExpectation>;
  /** The column's own checks of the plain up, per row. */
  onPlainUp?: (up: Op) => Map<string, string[]>;
  /**
   * false: the action's up must have converged already, and only `preview --refresh
   * --expect-no-changes` follows (what a plain up would change, it shows).
   */
  plainUp?: boolean;
}

type ColumnRun = (w: World, rows: Row[]) => Promise<Acted>;

const cell = (outcome: string, problems: string[] = [], unmet?: string) => ({ outcome, problems, ...(unmet ? { unmet } : {}) });
const failedFor = (o: Op, row: Row, name = row.id) => (o.error ? failureOf(o, name) : undefined);

/** Renamed without alias, or replaced: the new resource takes the object first, the old one's delete lets go. */
function handoverExpectation(w: World, row: Row, name: string): RowExpectation {
  const e = baseExpectation(w, row);
  if (row.kind !== "created") return { ...e, name };
  return { ...e, name, holds: "new", fates: { ...e.fates, [w.home[row.id]!]: "deleted" } };
}

const handoverOutcome = (row: Row) => (row.kind === "created" ? "made anew" : "released");

const COLUMN_RUNS: Record<ColumnKey, ColumnRun> = {
  async rename(w, rows) {
    for (const row of rows) w.spec.rows[row.id]!.name = `${row.id}-renamed`;
    const up = await op(w, (o) => w.stack.up(o));
    const acted: Acted = { cells: {}, expect: {} };
    for (const row of rows) {
      const renamed = `${row.id}-renamed`;
      const problems: string[] = [];
      const failure = failedFor(up, row, renamed) ?? failedFor(up, row);
      if (up.error) problems.push(`the up failed: ${shorten(failure ?? overallFailure(up))}`);
      const created = up.steps.findIndex((s) => s.name === renamed && s.op === "create");
      const deleted = up.steps.findIndex((s) => s.name === row.id && s.op === "delete");
      // The premise of the model (PULUMI-NOTES.md B2a): the new name's create runs before the old name's delete.
      if (created >= 0 && deleted >= 0 && deleted < created) problems.push("the engine deleted the old name before it created the new one");
      const unmet = deleted < 0 ? "no delete step for the old name" : created < 0 ? "no create step for the new name" : undefined;
      problems.push(...fateProblems(w, row, handoverExpectation(w, row, renamed).fates, "after the rename"));
      acted.cells[row.id] = cell(handoverOutcome(row), problems, unmet);
      acted.expect![row.id] = handoverExpectation(w, row, renamed);
    }
    return acted;
  },

  async alias(w, rows) {
    for (const row of rows) w.spec.rows[row.id] = { ...w.spec.rows[row.id]!, name: `${row.id}-renamed`, aliases: [row.id] };
    const up = await op(w, (o) => w.stack.up(o));
    const acted: Acted = { cells: {}, expect: {} };
    for (const row of rows) {
      const renamed = `${row.id}-renamed`;
      const problems: string[] = [];
      if (up.error) problems.push(`the up failed: ${shorten(failedFor(up, row, renamed) ?? overallFailure(up))}`);
      const changes = [...stepsOf(up, renamed), ...stepsOf(up, row.id)].filter((o) => CHANGES.has(o));
      if (changes.length > 0) problems.push(`the alias produced ${changes.join(", ")}`);
      const writes = writesTo(w, row, w.home[row.id]!, up.requests);
      if (writes.length > 0) problems.push(`the alias wrote: ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
      const unmet = stepsOf(up, renamed).length === 0 ? "the engine showed no step for the new name" : undefined;
      acted.cells[row.id] = cell("moved", problems, unmet);
      acted.expect![row.id] = { ...baseExpectation(w, row), name: renamed };
    }
    return acted;
  },

  async replace(w, rows) {
    const state = baseState(w);
    const up = await op(w, (o) => w.stack.up({ ...o, replace: rows.map((row) => state.get(row.id)!.urn) }));
    const acted: Acted = { cells: {}, expect: {} };
    for (const row of rows) {
      const problems: string[] = [];
      if (up.error) problems.push(`the up failed: ${shorten(failedFor(up, row) ?? overallFailure(up))}`);
      const replaced = stepsOf(up, row.id).some((o) => ["replace", "create-replacement", "delete-replaced"].includes(o));
      problems.push(...fateProblems(w, row, handoverExpectation(w, row, row.id).fates, "after --replace"));
      acted.cells[row.id] = cell(handoverOutcome(row), problems, replaced ? undefined : "the engine did not replace it");
      acted.expect![row.id] = handoverExpectation(w, row, row.id);
    }
    return acted;
  },

  async repointExisting(w, rows) {
    for (const row of rows) w.spec.rows[row.id]!.locator = idOf(w.target[row.id]!);
    const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
    const acted: Acted = { cells: {}, expect: {} };
    for (const row of rows) {
      const problems: string[] = [];
      if (up.error) problems.push(`the up failed: ${shorten(failedFor(up, row) ?? overallFailure(up))}`);
      const target = idOf(w.target[row.id]!);
      const all = up.requests[row.api];
      const firstTarget = all.findIndex((r) => requestsFor([r], target).length > 0);
      const homeWrite = all.findIndex((r) => writesTo(w, row, w.home[row.id]!, { ...up.requests, [row.api]: [r] }).length > 0);
      // Create before delete: the new object is adopted before the old one is restored or deleted.
      if (homeWrite >= 0 && (firstTarget < 0 || homeWrite < firstTarget)) problems.push(`the old object was written (${all[homeWrite]!.method} ${all[homeWrite]!.path}) before the new one was adopted`);
      const expect: RowExpectation = { name: row.id, holds: w.target[row.id], fates: { [w.target[row.id]!]: "program", [w.home[row.id]!]: releaseFate(row) } };
      problems.push(...fateProblems(w, row, expect.fates, "after re-pointing"));
      acted.cells[row.id] = cell(`adopted; old ${fateWord(row)}`, problems, firstTarget < 0 ? `no request reached ${target}` : undefined);
      acted.expect![row.id] = expect;
    }
    return acted;
  },

  repointMissing: (w, rows) => refusedRepoint(w, rows, w.missing, "missing"),
  repointFixed: (w, rows) => refusedRepoint(w, rows, w.fixed, "fixed"),

  async locatorRemoved(w, rows) {
    const acted: Acted = { cells: {}, expect: {} };
    const setupProblems: string[] = [];
    const sms = rows.find((r) => r.api === "twosms");
    if (sms) {
      // From the subaccount back to the client's own: first hold the subaccount.
      w.spec.rows[sms.id]!.locator = idOf(w.target[sms.id]!);
      const setup = await op(w, (o) => w.stack.up(o));
      const held = (await stateOf(w)).get(sms.id)?.id;
      if (setup.error || !held || !sameId("twosms", held, idOf(w.target[sms.id]!))) setupProblems.push(`setup (accountId → the subaccount) did not finish: ${shorten(setup.error ? overallFailure(setup) : `state holds ${held}`)}`);
    }
    for (const row of rows) w.spec.rows[row.id]!.locator = null;
    const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
    for (const row of rows) {
      const problems = row === sms ? [...setupProblems] : [];
      if (up.error) problems.push(`the up failed: ${shorten(failedFor(up, row) ?? overallFailure(up))}`);
      const old = row === sms ? w.target[row.id]! : w.home[row.id]!;
      const expect: RowExpectation =
        row === sms
          ? { name: row.id, holds: w.home[row.id], fates: { [w.home[row.id]!]: "program", [old]: releaseFate(row) } }
          : { name: row.id, holds: "new", fates: { [old]: releaseFate(row), [w.target[row.id]!]: "original" } };
      problems.push(...fateProblems(w, row, expect.fates, "after removing the locator"));
      const reached =
        row === sms
          ? up.requests.twosms.some((r) => r.path === "/api/v1/admin/accounts" || requestsFor([r], idOf(w.home[row.id]!)).length > 0)
          : up.requests.twilio.some((r) => createsFor(w, row, r));
      const unmet = reached ? undefined : row === sms ? "no request reached the client's own account" : `no ${typeOf(row).resource} was created`;
      acted.cells[row.id] = cell(`${row === sms ? "own adopted" : "made anew"}; old ${fateWord(row)}`, problems, unmet);
      acted.expect![row.id] = expect;
    }
    return acted;
  },

  async pinned(w, rows) {
    const ownId = idOf(w.home.twosms ?? "twosms:");
    // The held id is lower case: the action pins it in upper case, the plain up in mixed case.
    const [upper, mixed] = [ownId.toUpperCase(), [...ownId].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("")];
    const pin = (variant: string) => {
      for (const row of rows) w.spec.rows[row.id]!.locator = row.api === "twosms" ? variant : idOf(w.home[row.id]!);
    };
    const reached = new Set<string>();
    const noChange = (up: Op, variant: string) =>
      new Map(
        rows.map((row) => {
          const problems: string[] = [];
          const label = row.api === "twosms" ? `accountId ${variant}` : `sid ${idOf(w.home[row.id]!)}`;
          if (up.error) problems.push(`${label}: the up failed: ${shorten(failedFor(up, row) ?? overallFailure(up))}`);
          const changes = stepsOf(up, row.id).filter((o) => CHANGES.has(o));
          if (changes.length > 0) problems.push(`${label}: the up showed ${changes.join(", ")}`);
          const writes = writesTo(w, row, w.home[row.id]!, up.requests);
          if (writes.length > 0) problems.push(`${label}: wrote ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
          if (stepsOf(up, row.id).length > 0) reached.add(`${row.id} ${variant}`);
          return [row.id, problems];
        }),
      );
    pin(upper);
    const first = noChange(await op(w, (o) => w.stack.up(o)), upper);
    pin(mixed);
    const acted: Acted = { cells: {} };
    for (const row of rows) {
      const unmet = reached.has(`${row.id} ${upper}`) ? undefined : "the engine showed no step for it";
      acted.cells[row.id] = cell("no change", first.get(row.id)!, unmet);
    }
    acted.onPlainUp = (up) => noChange(up, mixed);
    return acted;
  },

  async twins(w, rows) {
    const acted: Acted = { cells: {} };
    const judge = async (row: Row, up: Op) => {
      const state = await stateOf(w);
      const problems: string[] = [];
      // Refused by the SDK in the program (which then fails), or by check or create (then the up fails).
      const constructed = w.twinRefusals.get(row.id);
      const refusal = constructed || (up.error ? failureOf(up, `${row.id}-twin`) || failureOf(up, row.id) : undefined);
      if (!refusal) problems.push(up.error ? `the up failed, but not for it: ${overallFailure(up)}` : "the up succeeded");
      else if (!/both name/i.test(refusal)) problems.push(`the refusal does not say both name the object: ${shorten(refusal)}`);
      if (state.has(`${row.id}-twin`)) problems.push("state holds the second resource");
      const held = state.get(row.id)?.id;
      if (!held) problems.push("state no longer holds the first resource");
      else if (row.kind !== "singleton" && !sameId(row.api, held, idOf(w.home[row.id]!))) problems.push(`state holds ${held} instead of ${idOf(w.home[row.id]!)}`);
      problems.push(...fateProblems(w, row, baseExpectation(w, row).fates, "after the refused up"));
      const made = row.api === "twilio" ? madeFor(w, row) : [];
      if (made.length > 0) problems.push(`an object was made: ${made.map((p) => p.sid).join(", ")}`);
      acted.cells[row.id] = cell("refused", problems, constructed === undefined ? "the program never reached the second resource" : undefined);
    };
    // One row at a time: a refusal by check or create ends the deployment's step generation, so in
    // one program with every row's second resource, one row's refusal could keep another row's
    // resources from the engine.
    let dirty = false;
    for (const row of rows) {
      if (dirty) await reset(w);
      w.spec.twins = new Set([row.id]);
      const up = await op(w, (o) => w.stack.up(o));
      await judge(row, up);
      // A round that changed anything is undone before the next one starts.
      dirty = up.steps.some((s) => CHANGES.has(s.op)) || writesTo(w, row, w.home[row.id]!, up.requests).length > 0;
    }
    w.spec.twins = undefined;
    return acted;
  },

  async destroyTarget(w, rows) {
    const acted: Acted = { cells: {}, expect: {} };
    let before = baseState(w);
    for (const row of rows) {
      const urn = before.get(row.id)?.urn;
      if (!urn) {
        acted.cells[row.id] = cell(`only it ${fateWord(row)}`, ["state lost it before its own destroy"], "it was not in state to destroy");
        continue;
      }
      const destroy = await op(w, (o) => w.stack.destroy({ ...o, target: [urn] }));
      const after = await stateOf(w);
      const problems: string[] = [];
      if (destroy.error) problems.push(`the destroy failed: ${overallFailure(destroy)}`);
      const others = destroy.steps.filter((s) => s.name !== row.id && CHANGES.has(s.op));
      if (others.length > 0) problems.push(`it also ran ${others.map((s) => `${s.op} ${s.name}`).join(", ")}`);
      if (after.has(row.id)) problems.push("state still holds it");
      for (const [name, entry] of before) if (name !== row.id && after.get(name)?.id !== entry.id) problems.push(`state lost ${name}`);
      problems.push(...fateProblems(w, row, { [w.home[row.id]!]: releaseFate(row) }, "after the destroy"));
      for (const other of w.rows.filter((r) => r !== row && after.has(r.id))) {
        for (const problem of fateProblems(w, other, { [w.home[other.id]!]: "program" }, `after destroying ${row.id}`)) problems.push(problem);
      }
      const met = stepsOf(destroy, row.id).includes("delete");
      acted.cells[row.id] = cell(`only it ${fateWord(row)}`, problems, met ? undefined : "the engine showed no delete step for it");
      // What the destroy deleted comes back only if the program can make it again: an adopted sid that is gone cannot be adopted.
      const gone = releaseFate(row) === "deleted";
      if (gone && row.kind === "adopted") {
        w.spec.rows[row.id]!.present = false;
        acted.expect![row.id] = { fates: { [w.home[row.id]!]: "deleted" } };
      } else if (gone) acted.expect![row.id] = { ...baseExpectation(w, row), holds: "new", fates: { ...baseExpectation(w, row).fates, [w.home[row.id]!]: "deleted" } };
      before = after;
    }
    return acted;
  },

  wrongBaseUrl: (w, rows) => refreshAndDestroyWith(w, rows, "wrongUrl"),
  otherAccount: (w, rows) => refreshAndDestroyWith(w, rows, "other"),

  async accountFromTop(w, rows) {
    const { acted, up } = await sameObjectRenamed(w, rows, "acme");
    // Where the other account columns start, if every cell of this one holds (runColumn decides).
    if (!up.error) w.acmeCandidate = await recordStart(w, "acme");
    return acted;
  },

  async accountAlias(w, rows) {
    withoutTopLevelCredentials(w);
    return (await sameObjectRenamed(w, rows, "acme-too")).acted;
  },

  async accountMove(w, rows) {
    withoutTopLevelCredentials(w);
    for (const row of rows) w.spec.rows[row.id]!.account = "beta";
    const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
    const state = await stateOf(w);
    const before = baseState(w);
    const acted: Acted = { cells: {}, expect: {} };
    const fixed: Row[] = [];
    for (const row of rows) {
      const problems: string[] = [];
      const home = w.home[row.id]!;
      const base = baseExpectation(w, row);
      if (row.kind === "adopted") {
        // Its program names a sid of acme's, which beta's credentials cannot reach: the move is refused, and nothing moves.
        const sid = idOf(home);
        const failure = failureOf(up, row.id);
        if (!up.error || !failure) problems.push("the up did not fail for it");
        else if (!failure.includes(sid)) problems.push(`the error does not name ${sid}: ${shorten(failure)}`);
        problems.push(...stateKept(state, before, row));
        const writes = [...writesTo(w, row, home, up.requests), ...writesTo(w, row, `twilio@beta:${sid}`, up.requests)];
        if (writes.length > 0) problems.push(`the refused move wrote: ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
        problems.push(...fateProblems(w, row, base.fates, "after the refused move"));
        const reached = requestsFor(up.requests.twilio, sid).some((r) => carriesOtherCredentials(w.s, "twilio", r));
        acted.cells[row.id] = cell(`refused; with a sid of beta's: adopted, old ${fateWord(row)}`, problems, reached ? undefined : `beta's credentials never asked for ${sid}`);
        // The fix: the program names an object of beta's, which the plain up adopts; the old one then meets its fate in acme.
        w.spec.rows[row.id]!.locator = idOf(w.beta[row.id]!);
        fixed.push(row);
        acted.expect![row.id] = { name: row.id, holds: w.beta[row.id], fates: { ...base.fates, [w.beta[row.id]!]: "program", [home]: releaseFate(row) } };
        continue;
      }
      const to = row.kind === "created" ? "new@beta" : w.beta[row.id]!;
      const expect: RowExpectation = { name: row.id, holds: to, fates: { ...base.fates, [home]: releaseFate(row), ...(row.kind === "created" ? {} : { [to]: "program" }) } };
      if (up.error && failureOf(up, row.id)) problems.push(`the up failed: ${shorten(failureOf(up, row.id)!)}`);
      problems.push(...moveOrderProblems(w, row, up, (r) => reachesBeta(w, row, r, to)));
      problems.push(...fateProblems(w, row, expect.fates, "after the move"));
      const reached = up.requests[row.api].some((r) => reachesBeta(w, row, r, to));
      acted.cells[row.id] = cell(row.kind === "created" ? "made anew in beta; old deleted" : `adopted beta's; old ${fateWord(row)}`, problems, reached ? undefined : "no request reached the second account's object");
      acted.expect![row.id] = expect;
    }
    acted.onPlainUp = (fix) =>
      new Map(
        fixed.map((row) => {
          const target = idOf(w.beta[row.id]!);
          const reached = requestsFor(fix.requests.twilio, target).some((r) => carriesOtherCredentials(w.s, "twilio", r));
          return [row.id, [...moveOrderProblems(w, row, fix, (r) => requestsFor([r], target).length > 0), ...(reached ? [] : [`the fixed program's up never reached beta's ${target}`])]];
        }),
      );
    return acted;
  },

  async accountMissing(w, rows) {
    withoutTopLevelCredentials(w);
    for (const row of rows) w.spec.rows[row.id]!.account = MISSING_ACCOUNT;
    const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
    const state = await stateOf(w);
    const before = baseState(w);
    const acted: Acted = { cells: {}, plainUp: false };
    for (const row of rows) {
      const problems: string[] = [];
      const { setting, env } = FIRST_CREDENTIAL[row.api];
      const failure = failureOf(up, row.id);
      if (!up.error || !failure) problems.push("the up did not fail for it");
      else for (const name of [`${row.api}:accounts.${MISSING_ACCOUNT}.${setting}`, accountVar(env, MISSING_ACCOUNT)]) if (!failure.includes(name)) problems.push(`the error does not name ${name}: ${shorten(failure)}`);
      // No credentials, no request: not the top-level ones, not another account's.
      const sent = up.requests[row.api];
      if (sent.length > 0) problems.push(`the up sent ${sent.map((r) => `${r.method} ${r.path}`).join(", ")}`);
      problems.push(...stateKept(state, before, row));
      problems.push(...fateProblems(w, row, baseExpectation(w, row).fates, "after the failed up"));
      const tried = stepsOf(up, row.id).some((o) => ["replace", "create-replacement"].includes(o));
      acted.cells[row.id] = cell("refused; state kept", problems, tried ? undefined : `the engine never tried to make it in account ${MISSING_ACCOUNT}`);
      // The program names its account again: the preview that follows must show nothing to do.
      w.spec.rows[row.id]!.account = w.start.account;
    }
    return acted;
  },
};

/**
 * Every row names `to`, a second name of the credentials it already acts with (the top-level
 * settings' or acme's), which reaches the very object state holds: no move (README "Fleets"). The
 * up updates the resource writing nothing to any API (diff asks the new credentials which account
 * they act for, or reads), state records the new name (the preview that follows would show it
 * otherwise) and keeps the values to restore; nothing is made, adopted anew or deleted.
 */
async function sameObjectRenamed(w: World, rows: Row[], to: string): Promise<{ acted: Acted; up: Op }> {
  for (const row of rows) w.spec.rows[row.id]!.account = to;
  const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
  const restoring = (row: Row) => row.option === "restoreOnDelete" && row.kind !== "created";
  // What state remembers matters to rows that restore; the stack without them is not exported here.
  const state = rows.some(restoring) ? await stateOf(w) : new Map<string, StateEntry>();
  const acted: Acted = { cells: {}, plainUp: false };
  for (const row of rows) {
    const problems: string[] = [];
    if (up.error && failureOf(up, row.id)) problems.push(`the up failed: ${shorten(failureOf(up, row.id)!)}`);
    const writes = writesTo(w, row, w.home[row.id]!, up.requests);
    if (writes.length > 0) problems.push(`it wrote: ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
    problems.push(...fateProblems(w, row, baseExpectation(w, row).fates, `after naming ${to}`));
    if (restoring(row)) problems.push(...originalsProblems(w, row, state.get(row.id)));
    const steps = stepsOf(up, row.id);
    const moves = steps.filter((o) => ["replace", "create-replacement", "delete-replaced", "create", "delete"].includes(o));
    if (moves.length > 0) problems.push(`the engine moved it (${moves.join(", ")}) where the new name reaches the very object`);
    acted.cells[row.id] = cell("same object; name recorded", problems, steps.includes("update") ? undefined : "the engine showed no update for it");
  }
  if (up.error && rows.every((row) => !failureOf(up, row.id))) for (const row of rows) acted.cells[row.id]!.problems.push(`the up failed: ${overallFailure(up)}`);
  return { acted, up };
}

/**
 * A resource with restoreOnDelete that keeps its object must still remember the object's values
 * from before the stack, which a destroy writes back: what the state's `originals` (the provider's
 * record of them) hold for the compared fields.
 */
function originalsProblems(w: World, row: Row, entry: StateEntry | undefined): string[] {
  if (!entry) return [];
  const remembered = ((JSON.parse(entry.record) as { outputs?: { originals?: Record<string, unknown> } }).outputs?.originals ?? {}) as Record<string, unknown>;
  const before = w.originals[w.home[row.id]!] ?? {};
  const lost = Object.keys(comparedProgram(row)).filter((field) => before[field] !== undefined && remembered[field] !== before[field]);
  if (lost.length === 0) return [];
  return [
    `state no longer remembers its values from before the stack, so a destroy restores nothing: originals hold ${lost.map((f) => `${f}=${JSON.stringify(remembered[f])}`).join(", ")}, were ${lost.map((f) => JSON.stringify(before[f])).join(", ")}`,
  ];
}

/** The account columns after the first act with the account sets' credentials only: nothing may fall back to the top-level ones. */
function withoutTopLevelCredentials(w: World): void {
  for (const variable of CREDENTIAL_VARS) delete w.stack.workspace.envVars[variable];
}

/** A request that reaches the object a row moves to in the second account (its profile, the object it adopts, the create of its new one). */
function reachesBeta(w: World, row: Row, r: RecordedRequest, to: string): boolean {
  if (to === "new@beta") return createsFor(w, row, r, true);
  if (row.api === "twosms") return r.path.toLowerCase().endsWith(idOf(to).toLowerCase());
  if (row.api === "twilio") return requestsFor([r], idOf(to)).length > 0;
  return carriesOtherCredentials(w.s, row.api, r);
}

/**
 * Create before delete, each in its own account: nothing is written to the old object before the
 * new one was reached, and what is written to it carries the old account's credentials.
 */
function moveOrderProblems(w: World, row: Row, o: Op, toNew: (r: RecordedRequest) => boolean): string[] {
  const all = o.requests[row.api];
  const home = w.home[row.id]!;
  const writesHome = (r: RecordedRequest) => writesTo(w, row, home, { ...o.requests, [row.api]: [r] }).length > 0 || (row.api === "twilio" && isWrite("twilio", r) && sidInPath(r.path) === idOf(home));
  const problems: string[] = [];
  const first = all.findIndex(toNew);
  const homeWrite = all.findIndex(writesHome);
  if (homeWrite >= 0 && (first < 0 || homeWrite < first)) problems.push(`the old object was written (${all[homeWrite]!.method} ${all[homeWrite]!.path}) before the new one was reached`);
  const wrong = all.filter((r) => writesHome(r) && carriesOtherCredentials(w.s, row.api, r));
  if (wrong.length > 0) problems.push(`the old object was written with beta's credentials: ${wrong.map((r) => `${r.method} ${r.path}`).join(", ")}`);
  return problems;
}

/** A refused change keeps the resource in state as the column found it: same object, same recorded inputs and outputs, nothing pending. */
function stateKept(state: Map<string, StateEntry>, before: Map<string, StateEntry>, row: Row): string[] {
  const held = state.get(row.id);
  const was = before.get(row.id);
  if (!held) return ["state no longer holds it"];
  if (held.pendingReplacement) return ["state marks it for deletion by the next up (pending replacement)"];
  if (held.id !== was?.id) return [`state holds ${held.id} instead of ${was?.id}`];
  if (held.record !== was.record) return [`state's record of it changed: ${shorten(held.record, 200)}, was ${shorten(was.record, 200)}`];
  return [];
}

/** Re-pointed to an object it cannot take (missing, or holding another value in a field fixed at creation): refused, and the old one kept. */
async function refusedRepoint(w: World, rows: Row[], to: Record<string, string>, kind: "missing" | "fixed"): Promise<Acted> {
  for (const row of rows) w.spec.rows[row.id]!.locator = idOf(to[row.id]!);
  const up = await op(w, (o) => w.stack.up({ ...o, continueOnError: true }));
  const state = await stateOf(w);
  const acted: Acted = { cells: {} };
  for (const row of rows) {
    const id = idOf(to[row.id]!);
    const problems: string[] = [];
    const failure = failureOf(up, row.id);
    if (!up.error || !failure) problems.push("the up did not fail for it");
    else if (!failure.toLowerCase().includes(id.toLowerCase())) problems.push(`the error does not name ${id}: ${shorten(failure)}`);
    const held = state.get(row.id);
    if (!held) problems.push("state no longer holds it");
    else if (!sameId(row.api, held.id, idOf(w.home[row.id]!))) problems.push(`state holds ${held.id} instead of ${idOf(w.home[row.id]!)}`);
    else if (held.pendingReplacement) problems.push("state marks it for deletion by the next up (pending replacement)");
    problems.push(...fateProblems(w, row, baseExpectation(w, row).fates, "after the refused up"));
    const reached = requestsFor(up.requests[row.api], id).length > 0;
    acted.cells[row.id] = cell("refused", problems, reached ? undefined : `no request reached ${kind === "missing" ? "the missing" : `the other-${typeOf(row).fixed.field}`} ${id}`);
    w.spec.rows[row.id]!.locator = undefined;
  }
  return acted;
}

/**
 * The base URL setting a row's requests go to, and the wrong path the wrong-base-URL column
 * points it at: each Twilio setting its own, so a type that used the other setting would reach
 * the wrong path of the other one and the cell would not be met.
 */
function baseUrlOf(row: Row): { setting: string; wrongPath: string } {
  if (row.api !== "twilio") return { setting: `${row.api}:baseUrl`, wrongPath: FOREIGN_PATH_PREFIX };
  return wrongTwilioBase(typeOf(row));
}

const wrongTwilioBase = (type: TwilioObjectType) => ({ setting: type.baseUrl.setting, wrongPath: `${FOREIGN_PATH_PREFIX}/${type.baseUrl.setting.split(":")[1]}` });

/**
 * `refresh`, then `destroy`, with a wrong base URL or another account's credentials, then the
 * right ones back: refresh drops nothing, destroy fails where it must write or delete (and the
 * object stays, in state), forgets where it only forgets, and the second account is untouched.
 */
async function refreshAndDestroyWith(w: World, rows: Row[], env: "wrongUrl" | "other"): Promise<Acted> {
  const before = baseState(w);
  Object.assign(w.stack.workspace.envVars, w.env[env]);
  const refresh = await op(w, (o) => w.stack.refresh(o));
  const afterRefresh = await stateOf(w);
  const destroy = await op(w, (o) => w.stack.destroy({ ...o, continueOnError: true }));
  Object.assign(w.stack.workspace.envVars, w.env.base);
  const afterDestroy = await stateOf(w);
  const acted: Acted = { cells: {} };
  for (const row of rows) {
    const problems: string[] = [];
    const refreshFailure = failureOf(refresh, row.id);
    const wanted = env === "wrongUrl" ? baseUrlOf(row).setting : "account";
    if (!refresh.error || !refreshFailure) problems.push("refresh did not fail for it");
    else if (!refreshFailure.toLowerCase().includes(wanted.toLowerCase())) problems.push(`the refresh error does not name ${wanted}: ${shorten(refreshFailure)}`);
    if (afterRefresh.get(row.id)?.id !== before.get(row.id)?.id) problems.push("refresh dropped it from state");
    const writes = releaseFate(row) !== "program";
    const destroyFailure = failureOf(destroy, row.id);
    if (writes) {
      if (!destroyFailure) problems.push("destroy did not fail for it");
      if (afterDestroy.get(row.id)?.id !== before.get(row.id)?.id) problems.push("destroy dropped it from state");
    } else {
      if (destroyFailure) problems.push(`destroy failed for it (it only forgets): ${shorten(destroyFailure)}`);
      if (afterDestroy.has(row.id)) problems.push("destroy did not forget it");
    }
    problems.push(...fateProblems(w, row, baseExpectation(w, row).fates, "after the destroy"));
    const bad = [...refresh.requests[row.api], ...destroy.requests[row.api]].filter((r) => writesOtherAccount(w.s, row.api, r));
    if (bad.length > 0) problems.push(`wrote to the second account: ${bad.map((r) => `${r.method} ${r.path}`).join(", ")}`);
    const seen = (o: Op) =>
      o.requests[row.api].filter((r) => (env === "wrongUrl" ? r.path.startsWith(baseUrlOf(row).wrongPath) : carriesOtherCredentials(w.s, row.api, r)));
    // Twilio rows share an API: only requests for this row's object count (a 2sms token request names no account).
    const forRow = (requests: RecordedRequest[]) => (row.api === "twilio" ? requestsFor(requests, idOf(w.home[row.id]!)) : requests);
    const reachedRefresh = forRow(seen(refresh)).length > 0;
    // A resource refresh already dropped gives destroy nothing to send (that is a problem of its own, above).
    const reachedDestroy = !writes || !afterRefresh.has(row.id) || forRow(seen(destroy)).length > 0;
    const what = env === "wrongUrl" ? "the wrong base URL" : "the second account's credentials";
    const unmet = !reachedRefresh ? `refresh never sent ${what}` : !reachedDestroy ? `destroy never sent ${what}` : undefined;
    acted.cells[row.id] = cell(writes ? "refresh refused; destroy kept" : "refresh refused; forgotten", problems, unmet);
  }
  return acted;
}

// ---------------------------------------------------------------------------------------------
// The two stacks

async function makeWorld(variant: Variant): Promise<World> {
  const s = await startSandbox();
  const rows = ROWS[variant];
  const home: Record<string, string> = {};
  const target: Record<string, string> = {};
  const fixed: Record<string, string> = {};
  const missing: Record<string, string> = {};
  const beta: Record<string, string> = {};
  for (const row of rows) {
    if (row.api === "wavix" || row.api === "voximplant") [home[row.id], beta[row.id]] = [row.api, `${row.api}@beta`];
    if (row.api === "twosms") {
      home[row.id] = `twosms:${s.twosms.emulator.account.ID.toLowerCase()}`;
      target[row.id] = `twosms:${s.twosms.emulator.subAccount.ID.toLowerCase()}`;
      missing[row.id] = `twosms:${randomUUID()}`;
      beta[row.id] = `twosms@beta:${s.twosms.emulator.otherAccount.ID.toLowerCase()}`;
    }
    if (row.api !== "twilio") continue;
    const type = typeOf(row);
    if (row.kind === "adopted") home[row.id] = `twilio:${type.seed(s, `Before ${row.id}`).sid}`;
    target[row.id] = `twilio:${type.seed(s, `Target of ${row.id}`).sid}`;
    fixed[row.id] = `twilio:${type.seed(s, `Other ${type.fixed.field} for ${row.id}`, type.fixed.other).sid}`;
    missing[row.id] = `twilio:${missingSid(type.sidPrefix)}`;
    // What an adopted row's program names once it moves to beta (accountMove): an object beta's credentials reach.
    if (row.kind === "adopted") beta[row.id] = `twilio@beta:${type.seed(s, `Beta's own for ${row.id}`, {}, "other").sid}`;
  }
  // The second account holds an object of every type too: nothing here may write or delete them.
  for (const type of TWILIO_TYPES) type.seed(s, `Another account's ${type.resource}`, {}, "other");
  const dir = makeProgramDir(`pulumi-profiles-identity-${variant}-`);
  // The `account` columns' credential sets (ACCOUNTS): the top-level settings stay the primary account's.
  const accountEnv = Object.fromEntries(
    Object.entries(ACCOUNTS).flatMap(([name, which]) => CREDENTIAL_VARS.map((variable) => [accountVar(variable, name), (which === "primary" ? s.env : s.otherEnv)[variable]!])),
  );
  const base = { ...s.env, ...accountEnv, PULUMI_PROFILES_TIMEOUT_MS: "5000" };
  const wrongUrl = {
    ...base,
    WAVIX_BASE_URL: `${s.wavix.server.url}${FOREIGN_PATH_PREFIX}`,
    VOXIMPLANT_BASE_URL: `${s.voximplant.server.url}${FOREIGN_PATH_PREFIX}`,
    TWOSMS_BASE_URL: `${s.twosms.server.url}${FOREIGN_PATH_PREFIX}`,
    ...Object.fromEntries(TWILIO_TYPES.map((type) => [type.baseUrl.env, `${s.twilio.server.url}${wrongTwilioBase(type).wrongPath}`])),
  };
  const originals: World["originals"] = {};
  for (const key of [...Object.values(home), ...Object.values(target), ...Object.values(fixed), ...Object.values(beta)]) originals[key] = liveValues(s, key)!;
  // Created objects do not exist yet; their originals are never compared (nothing restores a created object).
  const other = otherAccountObjects(s);
  let w: World | undefined;
  // Its commands take seconds (a minute at worst, loaded): a hang costs three minutes, not the column's fifteen.
  const stack = await createStack({ programDir: dir.dir, stackName: `identity-${variant}`, program: async () => declareProgram(w!), env: base, deadlineMs: 180_000 });
  cleanups.push(async () => {
    await s.close();
    dir.cleanup();
  });
  w = {
    variant,
    rows,
    s,
    stack,
    spec: baseSpec(rows),
    twinRefusals: new Map(),
    declared: new Set(),
    lost: [],
    smsPassword: s.twosms.emulator.account.SMSPassword,
    home,
    target,
    fixed,
    missing,
    beta,
    originals,
    // The deployment is recorded after the first up, below.
    base: { deployment: { version: 3, deployment: {} }, emulators: snapshotEmulators(s), home, other },
    start: { deployment: { version: 3, deployment: {} }, emulators: snapshotEmulators(s), home },
    pristine: snapshotEmulators(s),
    env: { base, wrongUrl, other: { ...base, ...s.otherEnv } },
  };
  const up = await op(w, (o) => w.stack.up(o));
  if (up.error) throw new Error(`the ${variant} stack's first up failed: ${overallFailure(up)}`);
  const state = await stateOf(w);
  for (const row of rows.filter((r) => r.kind === "created")) home[row.id] = `twilio:${state.get(row.id)!.id}`;
  const problems = [...(await checkWorld(w, Object.fromEntries(rows.map((r) => [r.id, baseExpectation(w, r)])), "after the first up")).values()].flat();
  if (problems.length > 0) throw new Error(`the ${variant} stack does not start clean: ${problems.join("; ")}`);
  w.base = { deployment: await w.stack.exportStack(), emulators: snapshotEmulators(s), home: { ...home }, other };
  w.start = w.base;
  return w;
}

/** Back to a recorded start (the base unless said): the stack's state, the emulators, the program, the environment. */
async function reset(w: World, start: Start = w.base): Promise<void> {
  await w.stack.importStack(start.deployment);
  restoreEmulators(w.s, start.emulators);
  Object.assign(w.stack.workspace.envVars, w.env.base);
  w.start = start;
  w.home = { ...start.home };
  w.spec = baseSpec(w.rows, start.account);
  w.twinRefusals = new Map();
  w.lost = [];
  w.s.clearLogs();
}

/** The stack and emulators as they are now, as a start whose rows name `account`; a created row holds what state says. */
async function recordStart(w: World, account: string): Promise<Start> {
  const deployment = await w.stack.exportStack();
  const state = resourcesOf(deployment);
  const home = { ...w.home };
  for (const row of w.rows.filter((r) => r.kind === "created")) if (state.has(row.id)) home[row.id] = `twilio:${state.get(row.id)!.id}`;
  return { deployment, emulators: snapshotEmulators(w.s), home, account };
}

/**
 * ACCOUNT_START: every row at account acme (the primary account's credentials), where the account
 * columns but the first start. The first (top-level settings → acme) ends there: its end is taken
 * when every cell of it holds. Otherwise (it did not run, or a cell failed, which may leave the
 * objects or what state remembers of them not as a stack made at acme would) the stack is made at
 * acme from nothing: no resource in state, the emulators as before the first up, one up.
 */
async function startAtAcme(w: World): Promise<string[]> {
  if (!w.acme) {
    await reset(w, { ...w.base, deployment: { ...w.base.deployment, deployment: { ...w.base.deployment.deployment, resources: [] } }, emulators: w.pristine, account: "acme" });
    const up = await op(w, (o) => w.stack.up(o));
    if (up.error) return [`the stack could not be made at account acme first: ${overallFailure(up)}`];
    w.acme = await recordStart(w, "acme");
  }
  await reset(w, w.acme);
  return [];
}

/**
 * A column, started over once if one of its commands hung (commandGuards.ts): every column starts
 * from a recorded state, so a second run is the same experiment. The hang is printed, so a hang
 * that comes back is seen, and a second one fails the column.
 */
async function runColumn(w: World, column: ColumnKey): Promise<{ cells: CellResult[]; stackProblems: string[] }> {
  try {
    return await runColumnOnce(w, column);
  } catch (err) {
    if (!(err instanceof HungCommandError)) throw err;
    acknowledgeHang(err);
    console.warn(`identity matrix, ${w.variant} stack, column ${column}: a command hung; starting the column over.\n${err.message}`);
    return runColumnOnce(w, column);
  }
}

async function runColumnOnce(w: World, column: ColumnKey): Promise<{ cells: CellResult[]; stackProblems: string[] }> {
  const fromAcme = ACCOUNT_COLUMNS.includes(column) && column !== "accountFromTop";
  const setup = fromAcme ? await startAtAcme(w) : (await reset(w), []);
  const rows = w.rows.filter((row) => !notApplicable(row, column));
  if (setup.length > 0) {
    const cells = rows.map((row) => ({ variant: w.variant, row: row.id, column, outcome: "not run", problems: setup }));
    return { cells, stackProblems: [] };
  }
  const acted = await COLUMN_RUNS[column](w, rows);
  const converged = await converge(w, acted.onPlainUp, acted.plainUp !== false);
  const expect = Object.fromEntries(w.rows.map((row) => [row.id, acted.expect?.[row.id] ?? baseExpectation(w, row)]));
  const checked = await checkWorld(w, expect, acted.plainUp === false ? "at the end" : "after the plain up");
  const lost = (rowId: string) => w.lost.filter((name) => rowOfName(w, name)?.id === rowId).map((name) => `the engine deleted ${name} although the program declared it: its registration never reached the engine`);
  const problemsOf = (rowId: string) => [...new Set([...lost(rowId), ...(converged.get(rowId) ?? []), ...(checked.get(rowId) ?? [])])];
  const cells = rows.map((row) => {
    const c = acted.cells[row.id]!;
    return { variant: w.variant, row: row.id, column, outcome: c.outcome, problems: [...new Set([...c.problems, ...problemsOf(row.id)])], ...(c.unmet ? { unmet: c.unmet } : {}) };
  });
  // Rows the column does not apply to stay as they were; anything else wrong fails the column, not a cell.
  const stackProblems = ["", ...w.rows.filter((row) => notApplicable(row, column)).map((r) => r.id)].flatMap((id) => problemsOf(id).map((p) => `${id || "stack"}: ${p}`));
  if (column === "accountFromTop" && w.acmeCandidate && stackProblems.length === 0 && cells.every((c) => c.problems.length === 0 && !c.unmet)) w.acme = w.acmeCandidate;
  return { cells, stackProblems };
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const results: CellResult[] = [];

function ranOn(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  // The table itself is rewritten after every column: its own change is not one of the code's.
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", `:!test/e2e/${MATRIX_FILE}`).length > 0 ? " with uncommitted changes" : "";
  return `${git("rev-parse", "--short", "HEAD")} (${git("log", "-1", "--format=%s")})${dirty}`;
}

function writeTable(): void {
  writeFileSync(join(__dirname, MATRIX_FILE), renderMatrix(results, ranOn()));
}

// One stack per variant, one after the other: side by side on two loaded cores, inline programs
// lost their gRPC connection (see faultMatrix.test.ts).
for (const variant of selectedVariants) {
  describe(`identity matrix, ${variant === "none" ? "no option" : variant} stack`, () => {
    let world: World | undefined;
    beforeAll(async () => {
      world = await makeWorld(variant);
    });

    it.each(COLUMNS.filter((c) => selectedColumns.includes(c.key)))("$label: the model's outcome, then a plain up converges", async ({ key }) => {
      if (!world) throw new Error(`the ${variant} stack was not set up`);
      const { cells, stackProblems } = await runColumn(world, key);
      results.push(...cells);
      writeTable();
      expect(cells.filter((c) => c.problems.length > 0).map((c) => `${c.row}: ${c.problems.join("; ")}`)).toEqual([]);
      expect(cells.filter((c) => c.unmet).map((c) => `${c.row}: ${c.unmet}`)).toEqual([]);
      expect(stackProblems).toEqual([]);
      expect(cells.length).toBeGreaterThan(0);
    });
  });
}
