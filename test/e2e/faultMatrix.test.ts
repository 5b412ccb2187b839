import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { startSandbox, type EmulatorRequest, type Fault, type RecordedRequest, type Sandbox, type TwoSmsAccountRecord } from "../../sandbox";
import { acknowledgeHang, HungCommandError } from "../../scripts/pulumi-cli/commandGuards";
import { createStack, makeProgramDir } from "../../scripts/pulumi-cli/localStack";
import { twosmsE2e, voximplantE2e, wavixE2e, type E2eApi } from "../support/apis";
import { agedDate, flatInputs, twilioType, type StoredObject, type TwilioObjectType } from "../support/twilioObjects";
import { applies, expectedOutcome, FAULTS, MATRIX_FILE, renderMatrix, rowName, ROWS, TIMEOUT_MS, TWILIO_VERBS, type CellResult, type FaultSpec, type Outcome, type Row } from "./faultMatrixTable";

/**
 * The fault matrix through the real Pulumi CLI: for every fault, one stack holding every API and
 * every verb, run in four phases: create (adoptions, Twilio creates), refresh, update, delete
 * (restoreOnDelete, Twilio delete). Each phase injects the fault into every cell's request at
 * once and runs the command as users run it, without continueOnError: `pulumi up`, or
 * `pulumi refresh` in the refresh phase. Each cell's outcome (the command succeeded for that
 * resource, or it failed and the next plain up finished) is asserted against expectedOutcome, and
 * afterwards what a user would check must hold: the API holds what the program says, one object
 * per resource, nothing the stack did not create deleted, `preview --refresh --expect-no-changes`
 * passes. The emulators run in this process, so faults are scripted directly on them; the provider
 * process the CLI starts sees them on the wire. The table is written to test/e2e/FAULT-MATRIX.md.
 *
 * Without continueOnError the engine cancels every step not yet started once one step fails
 * (pkg/resource/deploy/step_executor.go, cancelDueToError; refresh alone runs every step), so a
 * resource whose step started late would never meet its fault. Each cell's faulted answer is
 * therefore held until every cell of the phase has sent its faulted request: a barrier rather
 * than a fixed delay, since it holds no longer than the slowest step takes to start and, however
 * loaded the machine, no step is still waiting to start when the first failure arrives. A cell
 * that never sends its request releases the others after HOLD_MAX_MS, well under the request
 * timeout, and shows as ◌. A fault slower than the timeout needs no hold: the provider gives up
 * on it only after every step has started. The held steps wait side by side, so the commands get
 * a worker per step (`parallel`), as on a machine with more cores: the CLI's default of four per
 * core would queue late steps behind the held ones.
 *
 * One step fails at its first failing request, so two cells of one step cannot both meet a
 * failing fault. Hence 2sms spreads its cells over three accounts: the client's own (token
 * during its adoption, refresh, update, restoreOnDelete), B (read before update) and C (adopted
 * in the update phase); and the token, shared by every 2sms call of a process, is the only 2sms
 * cell of the create phase. Each Twilio resource type has one resource per role its verbs need
 * (TWILIO_VERBS): one it creates (create, refresh, update), one it adopts (adopt,
 * restoreOnDelete), one it deletes, one whose list before create meets the fault, one whose
 * create's answer is lost; a new type is a row of TWILIO_VERBS and an entry of
 * test/support/twilioObjects.ts.
 */
jest.setTimeout(900_000);

const HOLD_MAX_MS = 3_000;
const PARALLEL = 32;
const singletons: E2eApi[] = [wavixE2e, voximplantE2e, twosmsE2e];
/** Voximplant never reads the password back; the scans and contract tests cover it. */
const WRITE_ONLY = new Set(["new_account_password"]);
/** Secrets are never remembered as originals, so never restored. */
const SECRETS = new Set([...WRITE_ONLY, "SMSPassword", "callback_salt"]);
/** restoreOnDelete writes back only originals that held a value and were not secret. */
const restorable = (field: string, original: unknown) => !SECRETS.has(field) && original !== null && original !== undefined && original !== "";
const DISPLAY_NAMES: Record<string, string> = { wavix: "Wavix", voximplant: "Voximplant", twosms: "2sms", twilio: "Twilio" };

type Phase = "create" | "refresh" | "update" | "delete";
/** The program each phase runs: refresh changes nothing in it. */
type Program = Exclude<Phase, "refresh">;
const programOf = (phase: Phase): Program => (phase === "refresh" ? "create" : phase);

/** What each Twilio role's object is called (its type's nameParam, and FriendlyName). */
const CREATE = "Fault create";
const DELETE = "Delete me";
const LISTED = "Listed first";
const LOOKUP = "Found after a lost create";
const ADOPTED = { create: "Adopted renamed", update: "Adopted renamed again" };
/** A 2sms account whose program leaves TimeZone unmanaged; its TimeZone is edited in the portal before the update. */
const FRESH_NAME = { create: "Fresh Ltd", update: "Fresh Ltd renamed" };
const PORTAL_TIME_ZONE = "Pacific Standard Time";
const SMS_PASSWORD = twosmsE2e.initial.SMSPassword as string;

/**
 * A Twilio resource of the program: its type and the role it plays. `status` is a
 * Customer-Profile submitted for review in the update phase (its Status); the others are the
 * roles every type may have.
 */
type Role = "create" | "adopt" | "delete" | "listed" | "lookup" | "status";

/** The verb whose row needs each role. */
const ROLE_OF_VERB: Record<string, Role> = {
  create: "create",
  update: "create",
  refresh: "create",
  adopt: "adopt",
  restoreOnDelete: "adopt",
  delete: "delete",
  "list before create": "listed",
  "look-up after lost create": "lookup",
  "status change": "status",
};

interface TwilioResource {
  name: string;
  type: TwilioObjectType;
  role: Role;
}

/** Resource names keep the Customer-Profile's as they were; every other type's start with its own prefix. */
const PREFIX: Record<string, string> = { CustomerProfile: "tw", EndUser: "eu", Address: "ad" };

const TWILIO_RESOURCES: TwilioResource[] = Object.entries(TWILIO_VERBS).flatMap(([resource, verbs]) => {
  const type = twilioType(resource);
  if (!type.listFiltersByName && verbs.some((verb) => ["listed", "lookup"].includes(ROLE_OF_VERB[verb]!))) throw new Error(`${resource}'s list takes no filter: a fault cannot be aimed at one resource's list GET`);
  const roles = [...new Set(verbs.map((verb) => ROLE_OF_VERB[verb]!))];
  return roles.map((role) => ({ name: `${PREFIX[resource] ?? resource.toLowerCase()}-${role}`, type, role }));
});

const twilioResource = (resource: string, role: Role) => TWILIO_RESOURCES.find((r) => r.type.resource === resource && r.role === role)!;
const NAME_OF_ROLE: Partial<Record<Role, string>> = { create: CREATE, delete: DELETE, listed: LISTED, lookup: LOOKUP, status: "Status change" };

/** What one stack's program depends on besides its phase. */
interface World {
  phase: Phase;
  /** Per Twilio type: the object it adopts, and an identical twin of its created one made an hour before. */
  adoptSid: Record<string, string>;
  bystanderSid: Record<string, string>;
  /** The adopted objects' compared fields before the stack. */
  adoptOriginals: Record<string, Record<string, unknown>>;
  /** Account B: managed but for TimeZone, updated in the update phase (its read before the PUT is a cell). */
  fresh: TwoSmsAccountRecord;
  /** Every required-on-write field of B but TimeZone, so its update reads before it writes. */
  freshInputs: Record<string, unknown>;
  /** Account C: adopted in the update phase (the 2sms adopt cell, away from the token cell of the create phase). */
  late: TwoSmsAccountRecord;
  /** Per Twilio type, set when a failed look-up told the user to import the object it may have made. */
  lookupSid: Record<string, string>;
  originals: Record<string, Record<string, unknown>>;
}

/**
 * What a Twilio resource's program says in `program`, or undefined when the program leaves it
 * out: the adopted and the deleted one leave in the delete phase (restored, deleted); the created
 * one changes one field in the update phase; the status one is submitted then.
 */
function twilioInputs(w: World, { type, role }: TwilioResource, program: Program): Record<string, unknown> | undefined {
  if ((role === "adopt" || role === "delete") && program === "delete") return undefined;
  if (role === "adopt") {
    const renamed = { sid: w.adoptSid[type.resource], FriendlyName: ADOPTED[program as "create" | "update"] };
    return { ...(program === "update" ? type.changed(renamed) : renamed), restoreOnDelete: true };
  }
  const inputs = type.createInputs(NAME_OF_ROLE[role]!);
  if (role === "create") return program === "update" ? type.changed(inputs) : inputs;
  if (role === "status") return { ...inputs, Status: program === "create" ? "draft" : "pending-review" };
  if (role === "lookup" && w.lookupSid[type.resource]) return { ...inputs, sid: w.lookupSid[type.resource] };
  return inputs;
}

/** The program of each phase. */
function declare(w: World): void {
  const program = programOf(w.phase);
  if (program !== "delete") {
    for (const api of singletons) api.declare(api.name, { ...(program === "create" ? api.initial : api.change.inputs), restoreOnDelete: true });
    twosmsE2e.declare("twosms-fresh", { ...w.freshInputs, Name: FRESH_NAME[program] });
    if (program === "update") twosmsE2e.declare("twosms-late", { accountId: w.late.ID, ...twosmsE2e.initial });
  }
  for (const resource of TWILIO_RESOURCES) {
    const inputs = twilioInputs(w, resource, program);
    if (inputs) resource.type.declare(resource.name, inputs);
  }
}

/** The resources a refresh cell answers for: every one of its API, or of its Twilio type. */
function resourcesOfRow(row: Row): string[] {
  if (row.api === "twilio") return TWILIO_RESOURCES.filter((r) => r.type.resource === row.resource).map((r) => r.name);
  return { wavix: ["wavix"], voximplant: ["voximplant"], twosms: ["twosms", "twosms-fresh"] }[row.api]!;
}

interface Cell {
  row: Row;
  /** The resource whose step meets the fault; refresh cells answer for every resource of their API. */
  resource: string;
  route: Omit<Fault, "times" | "hold">;
  /** A fault the same step meets first, which sets the cell up; the cell's fault matches only after it. */
  before?: Omit<Fault, "times" | "hold">;
}

/** A singleton API's row (one resource type each). */
const rowOf = (api: string, verb: string): Row => ROWS.find((r) => r.api === api && r.verb === verb)!;
const twosmsAccount = (id: string) => `/api/v2/admin/accounts/${id}`;
/** A request of `type` about the object called `name`: its create's form, or its list's filter. */
const named = (type: TwilioObjectType, name: string) => (r: EmulatorRequest) => (r.method === "GET" ? r.query.get(type.nameParam) : new URLSearchParams(r.body).get(type.nameParam)) === name;

/** The phase each Twilio verb's request is sent in. */
const TWILIO_PHASE: Record<string, Phase> = {
  create: "create",
  adopt: "create",
  "list before create": "create",
  "look-up after lost create": "create",
  refresh: "refresh",
  update: "update",
  "status change": "update",
  restoreOnDelete: "delete",
  delete: "delete",
};

/** The cell of one Twilio row: the request of its verb, on its resource's object. */
function twilioCell(s: Sandbox, w: World, sids: Record<string, string>, row: Row): Cell {
  const { name, type, role } = twilioResource(row.resource, ROLE_OF_VERB[row.verb]!);
  // The object the resource holds: the adopted one, or the one it made (recorded from the engine's outputs).
  const object = () => type.objectPath(s, (role === "adopt" ? w.adoptSid[type.resource] : sids[name]) ?? "none");
  const collection = type.collectionPath(s);
  const cell = (route: Cell["route"], before?: Cell["before"]): Cell => ({ row, resource: name, route, ...(before ? { before } : {}) });
  switch (row.verb) {
    case "create":
      return cell({ method: "POST", path: collection, when: named(type, CREATE) });
    case "list before create":
      return cell({ method: "GET", path: collection, when: named(type, LISTED) });
    case "look-up after lost create":
      return cell({ method: "GET", path: collection, when: named(type, LOOKUP) }, { method: "POST", path: collection, when: named(type, LOOKUP), loseResponse: true });
    // A created object: a refresh that wrongly drops it makes the next up create a second one.
    case "refresh":
      return cell({ method: "GET", path: object() });
    case "delete":
      return cell({ method: "DELETE", path: object() });
    // adopt, update, status change, restoreOnDelete: the object's update POST.
    default:
      return cell({ method: "POST", path: object() });
  }
}

/** Where the fault goes in each phase. */
function cellsOf(s: Sandbox, w: World, sids: Record<string, string>): Cell[] {
  const write = (api: E2eApi, verb: string): Cell => ({ row: rowOf(api.name, verb), resource: api.name, route: api.writeRoute });
  const A = s.twosms.emulator.account.ID;
  const twilioCells = ROWS.filter((row) => row.api === "twilio" && TWILIO_PHASE[row.verb] === w.phase).map((row) => twilioCell(s, w, sids, row));
  switch (w.phase) {
    case "create":
      return [
        write(wavixE2e, "adopt"),
        write(voximplantE2e, "adopt"),
        // One token serves every 2sms call of the process; it is asked for by the first 2sms adoption.
        { row: rowOf("twosms", "token"), resource: "twosms", route: { method: "POST", path: "/Token" } },
        ...twilioCells,
      ];
    case "refresh":
      return [
        { row: rowOf("wavix", "refresh"), resource: "wavix", route: wavixE2e.readRoute },
        { row: rowOf("voximplant", "refresh"), resource: "voximplant", route: voximplantE2e.readRoute },
        { row: rowOf("twosms", "refresh"), resource: "twosms", route: { method: "GET", path: twosmsAccount(A) } },
        ...twilioCells,
      ];
    case "update":
      return [
        write(wavixE2e, "update"),
        write(voximplantE2e, "update"),
        { row: rowOf("twosms", "update"), resource: "twosms", route: { method: "PUT", path: twosmsAccount(A) } },
        { row: rowOf("twosms", "adopt"), resource: "twosms-late", route: { method: "PUT", path: twosmsAccount(w.late.ID) } },
        { row: rowOf("twosms", "read before update"), resource: "twosms-fresh", route: { method: "GET", path: twosmsAccount(w.fresh.ID) } },
        ...twilioCells,
      ];
    case "delete":
      return [
        write(wavixE2e, "restoreOnDelete"),
        write(voximplantE2e, "restoreOnDelete"),
        { row: rowOf("twosms", "restoreOnDelete"), resource: "twosms", route: { method: "PUT", path: twosmsAccount(A) } },
        ...twilioCells,
      ];
  }
}

/** Whether a recorded request is one the cell's route matches. */
function onRoute(route: Cell["route"], r: RecordedRequest): boolean {
  if (route.method && route.method !== r.method) return false;
  if (route.path !== undefined && (typeof route.path === "string" ? route.path !== r.path : !route.path.test(r.path))) return false;
  return route.when?.({ ...r, query: new URLSearchParams(r.query) }) ?? true;
}

/**
 * Under "slower than timeout": whether the provider gave up on the slow answer and sent the
 * request again, as the rules say it does for every call but Twilio's create (never resent).
 */
function resentAfterTimeout(sent: Record<string, RecordedRequest[]>, cell: Cell): boolean {
  const hits = sent[cell.row.api]!.filter((r) => onRoute(cell.route, r));
  const slow = hits.findIndex((r) => r.fault?.startsWith("delayed"));
  return slow >= 0 && hits.length > slow + 1;
}

/** The primary account's objects of `type` called `name` (its nameParam). */
const byName = (s: Sandbox, type: TwilioObjectType, name: string): StoredObject[] =>
  [...type.store(s).values()].filter((o) => o.account_sid === s.twilio.emulator.accountSid && type.liveFields(o)[type.nameParam] === name);

/** The compared fields a Twilio resource's program sets, as flat paths; locator and options left out. */
function programFields(inputs: Record<string, unknown>): Record<string, unknown> {
  const { sid: _sid, restoreOnDelete: _restore, Status: _status, ...fields } = inputs;
  return flatInputs(fields);
}

/** What must hold for one resource after a phase of `program`; each entry is a problem found. */
function problemsOf(s: Sandbox, w: World, program: Program, resource: string): string[] {
  const out: string[] = [];
  const expectEqual = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${what}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
  };
  for (const [kind, sids] of [["an identical object made an hour before", w.bystanderSid], ["the adopted object", w.adoptSid]] as const) {
    for (const [type, sid] of Object.entries(sids)) if (!twilioType(type).store(s).has(sid)) out.push(`${type}: ${kind}, which the stack did not create, was deleted`);
  }
  const api = singletons.find((a) => a.name === resource);
  if (api) {
    const desired = program === "update" ? api.change.inputs : api.initial;
    for (const [field, value] of Object.entries(desired)) {
      if (WRITE_ONLY.has(field)) continue;
      const original = w.originals[api.name]![field];
      expectEqual(`${api.name}.${field}`, api.current(s, field), program === "delete" && restorable(field, original) ? original : value);
    }
    return out;
  }
  if (resource === "twosms-fresh" && program !== "delete") {
    expectEqual("twosms-fresh Name", w.fresh.Name, FRESH_NAME[program]);
    expectEqual("twosms-fresh SMSPassword", w.fresh.SMSPassword, SMS_PASSWORD);
    // Unmanaged, edited in the portal before the update: the PUT repeats it as read just before, never stale.
    if (program === "update") expectEqual("twosms-fresh TimeZone", w.fresh.TimeZone, PORTAL_TIME_ZONE);
  }
  if (resource === "twosms-late" && program === "update") {
    for (const [field, value] of Object.entries(twosmsE2e.initial)) expectEqual(`twosms-late ${field}`, (w.late as unknown as Record<string, unknown>)[field], value);
  }
  const twilioOne = TWILIO_RESOURCES.find((r) => r.name === resource);
  if (!twilioOne) return out;
  const { type, role } = twilioOne;
  const expectFields = (what: string, object: StoredObject | undefined, want: Record<string, unknown>) => {
    const live = object ? type.liveFields(object) : {};
    for (const [field, value] of Object.entries(want)) expectEqual(`${resource} ${what} ${field}`, live[field], value);
  };
  if (role === "adopt") {
    const adopted = type.store(s).get(w.adoptSid[type.resource]!);
    // Restored on delete; else it holds what the program of the phase says.
    if (program === "delete") expectFields("(restored)", adopted, w.adoptOriginals[type.resource]!);
    else expectFields("", adopted, programFields(twilioInputs(w, twilioOne, program)!));
    return out;
  }
  const name = NAME_OF_ROLE[role]!;
  // The bystander has the same name and values: exactly one more, and not the bystander.
  const made = byName(s, type, name).filter((o) => o.sid !== w.bystanderSid[type.resource]);
  const inputs = twilioInputs(w, twilioOne, program);
  if (!inputs) {
    if (made.length !== 0) out.push(`${made.length} ${type.resource}s named ${name} after phase ${program}, expected none`);
    return out;
  }
  if (made.length !== 1) out.push(`${made.length} ${type.resource}s named ${name} made by the stack, expected 1`);
  expectFields("", made[0], programFields(inputs));
  if (role === "status") expectEqual(`${resource} status`, (made[0] as unknown as { status?: string } | undefined)?.status, program === "create" ? "draft" : "in-review");
  return out;
}

/**
 * Resolves once every faulted request has arrived, or HOLD_MAX_MS after the first did; `watch`
 * starts it once every fault is scripted (their met functions), `release` ends it early.
 */
function barrier(): { done: Promise<void>; watch: (met: Array<() => boolean>) => void; release: () => void } {
  let release = () => {};
  let watch: (met: Array<() => boolean>) => void = () => {};
  const done = new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    release = () => {
      clearTimeout(timer);
      resolve();
    };
    watch = (met) => {
      let first: number | undefined;
      const tick = () => {
        if (met.some((m) => m())) first ??= Date.now();
        if (met.every((m) => m()) || (first !== undefined && Date.now() - first >= HOLD_MAX_MS)) return release();
        timer = setTimeout(tick, 20);
      };
      tick();
    };
  });
  return { done, watch, release };
}

/**
 * Runs a command and records, per resource, its first error, what it did if not nothing, and the
 * Twilio sid it recorded (so faults aim at the stack's own profiles, not at look-alikes).
 */
async function observe(run: (onEvent: (event: EngineEvent) => void) => Promise<unknown>) {
  const failed = new Map<string, string>();
  const changed = new Map<string, string>();
  const sids = new Map<string, string>();
  const nameOf = (urn: string) => urn.split("::").pop()!;
  const onEvent = (event: EngineEvent) => {
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error" && diag.urn && !failed.has(nameOf(diag.urn))) failed.set(nameOf(diag.urn), diag.message);
    const failedOp = event.resOpFailedEvent?.metadata;
    if (failedOp && !failed.has(nameOf(failedOp.urn))) failed.set(nameOf(failedOp.urn), "");
    const pre = event.resourcePreEvent?.metadata;
    if (pre && pre.op !== "same" && pre.type !== "pulumi:pulumi:Stack" && !pre.type.startsWith("pulumi:providers:")) changed.set(nameOf(pre.urn), pre.op);
    const recorded = event.resOutputsEvent?.metadata.new;
    if (recorded && typeof recorded.outputs?.sid === "string") sids.set(nameOf(recorded.urn), recorded.outputs.sid);
  };
  const error = await run(onEvent).then(
    () => undefined,
    (err: Error) => rethrowHang(err),
  );
  return { error, failed, changed, sids };
}

async function stateNames(stack: Stack): Promise<Set<string>> {
  const exported = await stack.exportStack();
  const resources = (exported.deployment as { resources?: Array<{ urn: string }> }).resources ?? [];
  return new Set(resources.map((r) => r.urn.split("::").pop()!));
}

/** A command's failure is an outcome; a hung command is none (commandGuards.ts): the fault starts over (runFault). */
function rethrowHang(err: Error): Error {
  if (err instanceof HungCommandError) throw err;
  return err;
}

/**
 * A fault's stack, started over once (new emulators, a new stack) if one of its commands hung:
 * the hang is printed, so one that comes back is seen, and a second one fails the fault.
 */
async function runFault(spec: FaultSpec, index: number): Promise<CellResult[]> {
  try {
    return await runFaultOnce(spec, `${index}`);
  } catch (err) {
    if (!(err instanceof HungCommandError)) throw err;
    acknowledgeHang(err);
    console.warn(`fault matrix, ${spec.label}: a command hung; starting the fault over on a new stack.\n${err.message}`);
    return runFaultOnce(spec, `${index}-again`);
  }
}

async function runFaultOnce(spec: FaultSpec, index: string): Promise<CellResult[]> {
  const s = await startSandbox();
  const dir = makeProgramDir(`pulumi-profiles-faults-${index}-`);
  const results: CellResult[] = [];
  try {
    for (const api of singletons) api.reset(s);
    const fresh = s.twosms.emulator.addAccount({ Name: "Fresh account" });
    const types = [...new Set(TWILIO_RESOURCES.map((r) => r.type))];
    const adopted = Object.fromEntries(types.map((type) => [type.resource, type.seed(s, "Existing Ltd")]));
    const w: World = {
      phase: "create",
      adoptSid: Object.fromEntries(types.map((type) => [type.resource, adopted[type.resource]!.sid])),
      adoptOriginals: Object.fromEntries(types.map((type) => [type.resource, type.liveFields(adopted[type.resource]!)])),
      // Of each type, an object identical to the created one, made an hour before: an uncertain create must not take it for its own.
      bystanderSid: Object.fromEntries(
        types.map((type) => [type.resource, type.seed(s, CREATE, { ...type.storedFrom(type.createInputs(CREATE)), date_created: agedDate(type, 3_600_000) }).sid]),
      ),
      lookupSid: {},
      fresh,
      freshInputs: { accountId: fresh.ID, SMSPassword: SMS_PASSWORD, ContactNumber: fresh.ContactNumber, EmailAddress: fresh.EmailAddress, SMSUsername: fresh.SMSUsername },
      late: s.twosms.emulator.addAccount({ Name: "Late account" }),
      originals: Object.fromEntries(singletons.map((api) => [api.name, Object.fromEntries(Object.keys(api.change.inputs).map((f) => [f, api.current(s, f)]))])),
    };
    let sids: Record<string, string> = {};
    const stack = await createStack({
      programDir: dir.dir,
      stackName: `faults-${index}`,
      // Its slowest command (a fault slower than the timeout, on every cell) takes under a minute: a hang costs three.
      deadlineMs: 180_000,
      program: async () => declare(w),
      env: { ...Object.assign({}, ...singletons.map((a) => a.env(s))), TWILIO_TRUSTHUB_BASE_URL: s.twilio.server.url, TWILIO_API_BASE_URL: s.twilio.server.url, PULUMI_PROFILES_TIMEOUT_MS: String(TIMEOUT_MS) },
      config: Object.assign({}, ...singletons.map((a) => a.config(s)), {
        "twilio:accountSid": { value: s.twilio.emulator.accountSid },
        "twilio:authToken": { value: s.twilio.emulator.authToken, secret: true },
      }),
    });
    const remember = (recorded: Map<string, string> | undefined) => {
      if (recorded) sids = { ...sids, ...Object.fromEntries(recorded) };
    };
    const settle = () => Promise.all(Object.values(s.servers).map((server) => server.settled()));

    for (const phase of ["create", "refresh", "update", "delete"] as Phase[]) {
      w.phase = phase;
      const program = programOf(phase);
      const cells = cellsOf(s, w, sids).filter((cell) => applies(cell.row, spec));
      if (cells.length === 0) continue;
      // Someone edits account B's unmanaged TimeZone in the portal just before the update.
      if (phase === "update") w.fresh.TimeZone = PORTAL_TIME_ZONE;
      // Twilio takes a Customer-Profile for review only once its bundle meets its Policy, and the
      // emulator refuses a noncompliant submit as Twilio does: the provider's Evaluation in diff
      // then fails that step, and the engine cancels every step of the phase not yet started. So
      // the profile whose status changes gets what its Policy asks for first, as a user assembles it.
      if (phase === "update" && sids["tw-status"]) s.twilio.emulator.bundle.seedCompliantBundle(sids["tw-status"]);
      const fault = spec.fault();
      const met: Array<() => boolean> = [];
      const hold = barrier();
      for (const cell of cells) {
        const server = s.servers[cell.row.api]!;
        const setUp = cell.before ? server.inject(cell.before) : () => true;
        const when = cell.route.when;
        met.push(server.inject({ ...cell.route, when: (r) => setUp() && (when?.(r) ?? true), ...fault, ...(fault.delayMs ? {} : { hold: hold.done }) }));
      }
      hold.watch(met);
      s.clearLogs();
      const first = await observe((onEvent) => (phase === "refresh" ? stack.refresh({ onEvent, parallel: PARALLEL }) : stack.up({ onEvent, parallel: PARALLEL })));
      hold.release();
      const metBeforeClear = met.map((reached) => reached());
      for (const server of Object.values(s.servers)) server.clearFaults();
      // A request slowed past the timeout is still applied by the emulator: let it land first.
      await settle();
      remember(first.sids);
      // The requests of the faulted command alone.
      const sent = Object.fromEntries(Object.entries(s.servers).map(([api, server]) => [api, [...server.requests]]));
      const outcomeOf = (cell: Cell): Outcome => (first.error && first.failed.has(cell.resource) ? "next up" : "same run");

      // Refresh must keep every resource in state, whatever it met.
      const inState = phase === "refresh" ? await stateNames(stack) : undefined;
      // What the error of a failed look-up tells the user to do: find the object and import it.
      const lookupMessages = new Map<Cell, string>();
      for (const cell of cells.filter((c) => c.row.verb === "look-up after lost create" && outcomeOf(c) === "next up")) {
        const message = first.failed.get(cell.resource) ?? "";
        lookupMessages.set(cell, message);
        const type = twilioType(cell.row.resource);
        if (message.includes(`named "${LOOKUP}" may exist`) && message.includes("set sid")) {
          const found = byName(s, type, LOOKUP)[0]?.sid;
          if (found) w.lookupSid[type.resource] = found;
        }
      }
      // One plain up when the faulted command failed, and always after a refresh (it must change nothing).
      const second = first.error || phase === "refresh" ? await observe((onEvent) => stack.up({ onEvent, parallel: PARALLEL })) : undefined;
      remember(second?.sids);
      await settle();
      const clean = await stack.preview({ refresh: true, expectNoChanges: true }).then(
        () => undefined,
        (err: Error) => rethrowHang(err),
      );

      for (const [i, cell] of cells.entries()) {
        const outcome = outcomeOf(cell);
        const resources = cell.row.verb === "refresh" ? resourcesOfRow(cell.row) : [cell.resource];
        const found = [...new Set(resources.flatMap((resource) => problemsOf(s, w, program, resource)))];
        const message = first.failed.get(cell.resource);
        if (outcome === "next up" && !message?.includes(DISPLAY_NAMES[cell.row.api]!)) found.push(`the error does not name ${DISPLAY_NAMES[cell.row.api]}: ${JSON.stringify(message)}`);
        const lookupMessage = lookupMessages.get(cell);
        if (lookupMessage !== undefined && w.lookupSid[cell.row.resource] === undefined) found.push(`the failed look-up did not say which ${cell.row.resource} may exist and how to import it: ${lookupMessage.slice(-400)}`);
        for (const resource of resources) {
          if (inState && !inState.has(resource)) found.push(`refresh dropped ${resource} from state`);
          const op = second?.changed.get(resource);
          // After a faulted command that finished for this resource, the next up has nothing to do for it.
          if (op && (phase === "refresh" || outcome === "same run")) found.push(`the up after the faulted ${phase === "refresh" ? "refresh" : "up"} still had to ${op} ${resource}`);
        }
        if ((fault.delayMs ?? 0) > TIMEOUT_MS && cell.row.call !== "twilio create" && !resentAfterTimeout(sent, cell)) {
          found.push(`the provider waited for the answer slower than the ${TIMEOUT_MS} ms request timeout instead of giving up and sending the request again`);
        }
        if (second?.error) found.push(`second up failed: ${second.error.message.slice(-400)}`);
        if (clean) found.push(`preview --refresh --expect-no-changes failed: ${clean.message.slice(-400)}`);
        results.push({ api: cell.row.api, resource: cell.row.resource, verb: cell.row.verb, fault: spec.label, outcome, expected: expectedOutcome(cell.row.call, fault), problems: found, faultMet: metBeforeClear[i]! });
      }
    }
  } finally {
    await s.close();
    dir.cleanup();
  }
  return results;
}

const results = new Map<string, CellResult[]>();

/** The table holds every stack that finished so far, also when another one failed or is still running. */
function writeTable(): void {
  writeFileSync(join(__dirname, MATRIX_FILE), renderMatrix(FAULTS.flatMap((f) => results.get(f.label) ?? [])));
}

// One stack per fault, one after another: run side by side on two loaded cores, the CLI's
// gRPC connections to the inline programs timed out (14 UNAVAILABLE) and a preview saw an empty program.
it.each(FAULTS.map((spec, index) => ({ spec, index, label: spec.label })))(
  "$label on every API × verb it applies to: each cell's outcome is the one the rules promise, and the API converges",
  async ({ spec, index }) => {
    const cells = await runFault(spec, index);
    results.set(spec.label, cells);
    writeTable();
    const failures = cells
      .filter((r) => r.problems.length > 0 || r.outcome !== r.expected)
      .map((r) => `${rowName(r)}: ${r.outcome === r.expected ? "" : `${r.outcome}, expected ${r.expected}; `}${r.problems.join("; ")}`);
    expect(failures).toEqual([]);
    // Every row the fault applies to has its cell, and every cell met the fault: none vacuous.
    expect(cells.map(rowName).sort()).toEqual(ROWS.filter((row) => applies(row, spec)).map(rowName).sort());
    expect(cells.filter((c) => !c.faultMet).map(rowName)).toEqual([]);
  },
  1_800_000,
);
