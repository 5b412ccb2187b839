import type { Fault } from "../../sandbox";

/** The suite's request timeout: short enough that "slower than the timeout" is quick, wide enough for a loaded machine. */
export const TIMEOUT_MS = 5_000;
/** Longer than the request timeout, so the provider gives up on the answer. */
const SLOW_MS = 7_000;

/** A fault as scripted on the emulator, without its route. */
export type FaultShape = Omit<Fault, "method" | "path" | "when" | "times" | "hold">;

/** The faults of the matrix, each injected once into the request of the row under test. */
export interface FaultSpec {
  label: string;
  fault: () => FaultShape;
  /** Which requests the fault means something for: a read changes nothing, so "applied" and lost answers are write faults. */
  on: "any" | "writes";
}

export const FAULTS: FaultSpec[] = [
  { label: "429 + Retry-After", fault: () => ({ status: 429, headers: { "retry-after": "1" } }), on: "any" },
  { label: "500", fault: () => ({ status: 500 }), on: "any" },
  { label: "502 (applied)", fault: () => ({ status: 502, afterApply: true }), on: "writes" },
  { label: "503", fault: () => ({ status: 503 }), on: "any" },
  { label: "504 (applied)", fault: () => ({ status: 504, afterApply: true }), on: "writes" },
  { label: "slower than timeout", fault: () => ({ delayMs: SLOW_MS }), on: "any" },
  { label: "reset before answer", fault: () => ({ reset: true }), on: "any" },
  { label: "reset mid-answer", fault: () => ({ truncate: true }), on: "writes" },
  { label: "applied, answer lost", fault: () => ({ loseResponse: true }), on: "writes" },
  { label: "malformed body", fault: () => ({ replaceBody: '{"broken' }), on: "any" },
  // A gateway's page, not the API's answer: it says nothing about whether the profile exists.
  { label: "404, foreign body", fault: () => ({ status: 404, headers: { "content-type": "text/html" }, body: "<html><body><h1>404 Not Found</h1></body></html>" }), on: "any" },
];

/**
 * What the faulted request is, as far as the retry and safety rules care: a read (GETs, and the
 * 2sms token POST), an idempotent write (Wavix and 2sms PUT, Voximplant's SetAccountInfo), or
 * one of Twilio's three writes, each with its own rule.
 */
export type Call = "read" | "write" | "twilio create" | "twilio update" | "twilio delete";

export interface Row {
  api: string;
  /** The resource type (the SDK class): one per API, Twilio's objects several. */
  resource: string;
  verb: string;
  call: Call;
}

/** The singleton APIs, each with its one resource type. */
const SINGLETONS = [
  ["wavix", "Profile"],
  ["voximplant", "AccountInfo"],
  ["twosms", "Account"],
] as const;

/** Twilio's call of each verb its objects have. */
const TWILIO_CALLS: Record<string, Call> = {
  create: "twilio create",
  adopt: "twilio update",
  update: "twilio update",
  "status change": "twilio update",
  restoreOnDelete: "twilio update",
  delete: "twilio delete",
  refresh: "read",
  "list before create": "read",
  "look-up after lost create": "read",
};

/**
 * The verbs of each Twilio resource type (test/support/twilioObjects.ts), each a row. A new
 * type is one entry here. EndUsers have no list rows: their list takes no filter, so one
 * resource's list GET cannot be told from another's, and a fault aimed at one would meet any.
 * Only a Customer-Profile has a Status to submit.
 */
export const TWILIO_VERBS: Record<string, readonly string[]> = {
  CustomerProfile: ["create", "adopt", "update", "status change", "restoreOnDelete", "delete", "refresh", "list before create", "look-up after lost create"],
  EndUser: ["create", "adopt", "update", "restoreOnDelete", "delete", "refresh"],
  Address: ["create", "adopt", "update", "restoreOnDelete", "delete", "refresh", "list before create", "look-up after lost create"],
};

const singletonRows = (verb: string): Row[] => SINGLETONS.map(([api, resource]) => ({ api, resource, verb, call: "write" as Call }));
/** For each verb in turn, the row of every Twilio type that has it. */
const twilioRows = (...verbs: string[]): Row[] =>
  verbs.flatMap((verb) => Object.entries(TWILIO_VERBS).flatMap(([resource, own]) => (own.includes(verb) ? [{ api: "twilio", resource, verb, call: TWILIO_CALLS[verb]! }] : [])));

/** Rows in table order: the verbs' writes, then the reads and side requests that decide state. */
export const ROWS: Row[] = [
  ...singletonRows("adopt"),
  ...twilioRows("create", "adopt"),
  ...singletonRows("update"),
  ...twilioRows("update", "status change"),
  ...singletonRows("restoreOnDelete"),
  ...twilioRows("restoreOnDelete", "delete"),
  ...singletonRows("refresh").map((row) => ({ ...row, call: "read" as Call })),
  ...twilioRows("refresh", "list before create", "look-up after lost create"),
  { api: "twosms", resource: "Account", verb: "token", call: "read" },
  { api: "twosms", resource: "Account", verb: "read before update", call: "read" },
];

/** A row's identity in results: API, resource type and verb. */
export const sameRow = (a: { api: string; resource: string; verb: string }, b: { api: string; resource: string; verb: string }) => a.api === b.api && a.resource === b.resource && a.verb === b.verb;
export const rowName = (row: { api: string; resource: string; verb: string }) => `${row.api} ${row.resource} ${row.verb}`;

export const applies = (row: Row, spec: FaultSpec): boolean => spec.on === "any" || row.call !== "read";

/** Whether the faulted command (`up`, or `refresh` in refresh rows) finished the job, or failed and the next plain `up` did. */
export type Outcome = "same run" | "next up";

/**
 * The outcome the documented rules promise when `fault` meets one request of kind `call`. The
 * fault is injected once, so a request sent again succeeds.
 */
export function expectedOutcome(call: Call, fault: FaultShape): Outcome {
  const status = fault.status;
  const delayMs = fault.delayMs ?? 0;
  const noAnswer = Boolean(fault.reset || fault.truncate || fault.loseResponse) || delayMs > TIMEOUT_MS;
  // A 404 the API did not write says nothing about the profile, so no call may take it for
  // "gone": the command fails with a clear message (README, Twilio: a 404 that is not Twilio's
  // own 20404 for that account and endpoint fails the refresh).
  if (status === 404) return "next up";
  // Refused before anything was done: retried for any call, after Retry-After (README "Errors";
  // retryPolicy.ts: 429 for every call, at most 3 attempts).
  if (status === 429) return "same run";
  // Twilio's update POST is never retried blindly: after an uncertain outcome (no answer, a 5xx,
  // an unreadable answer) the profile is read back and only what is missing is sent again
  // (README, Twilio: "No duplicates, no blind repeats").
  if (call === "twilio update") return "same run";
  // Twilio's create is never resent: after an uncertain outcome the list is searched, for up to
  // one request timeout, for the profile it made. It is found when the server made it (the
  // emulator applies a request unless the fault answers in its place) in time; otherwise the up
  // fails and the next one creates it (README, Twilio).
  if (call === "twilio create") {
    const uncertain = noAnswer || (status ?? 0) >= 500 || fault.replaceBody !== undefined;
    const made = !fault.reset && (status === undefined || Boolean(fault.afterApply)) && delayMs < 2 * TIMEOUT_MS;
    return uncertain && made ? "same run" : "next up";
  }
  // At most 3 attempts for 502/503/504, timeouts and resets on idempotent calls (README "Errors").
  // Every other call here is idempotent: GETs, PUTs, DELETE, and the two POSTs that declare it
  // (Voximplant's SetAccountInfo sets fields to values; 2sms's token request has no side effect).
  if (noAnswer || status === 502 || status === 503 || status === 504) return "same run";
  // Twilio's DELETE answers 204, whose body is never read: a malformed one breaks nothing.
  if (call === "twilio delete" && fault.replaceBody !== undefined) return "same run";
  // Not retried (a 500, an unreadable answer): the command fails with one clear error, and the
  // next up sends the call again.
  return "next up";
}

export interface CellResult {
  api: string;
  resource: string;
  verb: string;
  fault: string;
  /** What the faulted command did for this cell's resource. */
  outcome: Outcome;
  /** What expectedOutcome promises; a cell whose outcome differs fails. */
  expected: Outcome;
  problems: string[];
  /** Whether a request met the injected fault; a cell no request met proves only convergence. */
  faultMet: boolean;
}

export const MATRIX_FILE = "FAULT-MATRIX.md";

function renderCell(cell: CellResult | undefined): string {
  if (!cell) return "·";
  if (cell.problems.length > 0 || cell.outcome !== cell.expected) return cell.outcome === cell.expected ? `✗ ${cell.outcome}` : `✗ ${cell.outcome}, expected ${cell.expected}`;
  return `${cell.faultMet ? "✓" : "◌"} ${cell.outcome}`;
}

/** The markdown table of (API × verb) rows and fault columns the suite writes after each run. */
export function renderMatrix(results: CellResult[]): string {
  const lines = [
    "# Fault matrix (real Pulumi CLI)",
    "",
    "Written by test/e2e/faultMatrix.test.ts on every run. Each cell: the fault was injected once into",
    "that row's request, the command ran as users run it (no `--continue-on-error`), and, if it failed,",
    "one plain `up` followed. **same run**: the faulted command succeeded for that resource (retried,",
    "or read back and finished); **next up**: it failed with one clear error naming the API, and the",
    "next plain `up` finished. The outcome must be the one the retry and safety rules promise",
    "(`expectedOutcome` in faultMatrixTable.ts). In every ✓ cell, afterwards the API held what the",
    "program says, there was exactly one object per resource, nothing the stack did not create was",
    "deleted (of each Twilio type, an identical object made an hour earlier, and the adopted one, survive), a",
    "resource whose faulted command succeeded needed nothing from the next `up`, and",
    "`preview --refresh --expect-no-changes` passed; under \"slower than timeout\" the provider also",
    "gave up after the request timeout and sent the request again (Twilio's create excepted: it is",
    "never resent). ✗ marks a cell where one of those, or the outcome, did not hold. **◌** marks a cell",
    "whose fault no request met: it proves nothing about that fault, and fails the suite. · : not run",
    "in the last run.",
    "",
    "Rows: one per API, resource type and verb. Twilio's objects are three resource types, each created",
    "(or adopted by `sid`), updated and deleted by the same rules: a TrustHub **CustomerProfile** and",
    "**EndUser**, and an **Address** of the 2010 API (its own host path, `twilio:apiBaseUrl`, RFC 2822",
    "dates and its own list paging); an EndUser's update sends its `Attributes` whole, read fresh first.",
    "The write of each verb (PUT/POST/DELETE; 2sms's adopt is another account, adopted in the",
    "update phase, so that no other 2sms cell shares its step); **refresh**, the read each API's",
    "refresh sends, under `pulumi refresh`, after which every resource must still be in state and a",
    "plain `up` must change nothing; Twilio's **list before create** (the filtered list GET: a",
    "CustomerProfile's `FriendlyName`/`PolicySid`, an Address's `CustomerName`/`IsoCountry`; EndUsers'",
    "list takes no filter, so a fault cannot be aimed at one resource's list and they have no such rows)",
    "and **look-up after lost create** (the create POST's answer is lost and the fault meets",
    "the list GET that searches for it; when the look-up fails, the test does what the error says,",
    "finding the object and setting `sid`, before the next `up`); 2sms's **token** request",
    "(`POST /Token`, during the adoptions) and **read before update** (the GET before the PUT of an",
    "account whose program leaves `TimeZone` unmanaged; the PUT must repeat the `TimeZone` edited in",
    "the portal just before). \"(applied)\": the server committed the request, then answered the",
    "status. **—**: the fault does not apply to that row. A read changes nothing, so a fault \"applied\"",
    "first is its plain twin (502 and 504 are retried as 503 is), and an answer lost or cut off is a",
    "reset before the answer: all columns already.",
    "",
    `| API | resource | verb | ${FAULTS.map((f) => f.label).join(" | ")} |`,
    `|---|---|---|${FAULTS.map(() => "---").join("|")}|`,
  ];
  for (const row of ROWS) {
    const cells = FAULTS.map((f) => (applies(row, f) ? renderCell(results.find((r) => sameRow(r, row) && r.fault === f.label)) : "—"));
    lines.push(`| ${row.api} | ${row.resource} | ${row.verb} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}
