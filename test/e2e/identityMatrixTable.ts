/** The rows, columns and written table of the identity matrix (test/e2e/identityMatrix.test.ts). */

export type Api = "wavix" | "voximplant" | "twosms" | "twilio";
/** A singleton profile (one per account), a Twilio object the stack creates, or one it adopts by `sid`. */
export type Kind = "singleton" | "created" | "adopted";
export type Option = "none" | "restoreOnDelete" | "deleteOnDestroy";
/** The two stacks: every resource without option (plus one adopted with deleteOnDestroy), and every one with restoreOnDelete. */
export type Variant = "none" | "restoreOnDelete";

export interface Row {
  /** Also the resource's name in the program. */
  id: string;
  api: Api;
  /** The SDK class: a Twilio row names its resource type (test/support/twilioObjects.ts), the others have one each. */
  resource?: string;
  kind: Kind;
  option: Option;
}

export const ROWS: Record<Variant, Row[]> = {
  none: [
    { id: "wavix", api: "wavix", kind: "singleton", option: "none" },
    { id: "voximplant", api: "voximplant", kind: "singleton", option: "none" },
    { id: "twosms", api: "twosms", kind: "singleton", option: "none" },
    { id: "tw-created", api: "twilio", kind: "created", option: "none" },
    { id: "tw-adopted", api: "twilio", kind: "adopted", option: "none" },
    { id: "tw-adopted-dod", api: "twilio", kind: "adopted", option: "deleteOnDestroy" },
    { id: "eu-created", api: "twilio", resource: "EndUser", kind: "created", option: "none" },
    { id: "eu-adopted", api: "twilio", resource: "EndUser", kind: "adopted", option: "none" },
    { id: "ad-created", api: "twilio", resource: "Address", kind: "created", option: "none" },
  ],
  restoreOnDelete: [
    { id: "wavix", api: "wavix", kind: "singleton", option: "restoreOnDelete" },
    { id: "voximplant", api: "voximplant", kind: "singleton", option: "restoreOnDelete" },
    { id: "twosms", api: "twosms", kind: "singleton", option: "restoreOnDelete" },
    { id: "tw-created", api: "twilio", kind: "created", option: "restoreOnDelete" },
    { id: "tw-adopted", api: "twilio", kind: "adopted", option: "restoreOnDelete" },
    // Restoring an EndUser writes its Attributes whole: the ones the program never set must come back as they were.
    { id: "eu-adopted", api: "twilio", resource: "EndUser", kind: "adopted", option: "restoreOnDelete" },
  ],
};

/** A Twilio row's resource type; CustomerProfile unless the row names another. */
export const resourceOf = (row: Row) => row.resource ?? (row.api === "twilio" ? "CustomerProfile" : row.api);

export type ColumnKey =
  | "rename"
  | "alias"
  | "replace"
  | "repointExisting"
  | "repointMissing"
  | "repointFixed"
  | "locatorRemoved"
  | "pinned"
  | "twins"
  | "destroyTarget"
  | "wrongBaseUrl"
  | "otherAccount"
  | "accountFromTop"
  | "accountAlias"
  | "accountMove"
  | "accountMissing";

export const COLUMNS: Array<{ key: ColumnKey; label: string }> = [
  { key: "rename", label: "rename without alias" },
  { key: "alias", label: "rename with alias" },
  { key: "replace", label: "`up --replace`" },
  { key: "repointExisting", label: "locator → existing object" },
  { key: "repointMissing", label: "locator → missing object" },
  { key: "repointFixed", label: "locator → fixed field differs" },
  { key: "locatorRemoved", label: "locator removed" },
  { key: "pinned", label: "locator pinned to the held object" },
  { key: "twins", label: "two resources name one object" },
  { key: "destroyTarget", label: "`destroy --target` one" },
  { key: "wrongBaseUrl", label: "refresh, destroy: wrong base URL" },
  { key: "otherAccount", label: "refresh, destroy: another account's credentials" },
  { key: "accountFromTop", label: "top-level settings → `account` acme (same credentials)" },
  { key: "accountAlias", label: "`account` acme → acme-too (same credentials)" },
  { key: "accountMove", label: "`account` acme → beta (another account)" },
  { key: "accountMissing", label: "`account` acme → one with no credentials" },
];

/** The `account` columns: they start from the stack at account acme (see ACCOUNT_START), and end with a preview only, but accountMove. */
export const ACCOUNT_COLUMNS: ColumnKey[] = ["accountFromTop", "accountAlias", "accountMove", "accountMissing"];

/** Why a column does not apply to a row, or undefined when it does; the legend quotes these. */
export const NOT_APPLICABLE = {
  noLocator: "a: no locator, the credentials name the profile",
  noFixedField: "b: no field is fixed when the object is made",
  createdHasNoLocator: "c: the program gives no locator (the sid is an output)",
  alreadyPinned: "d: the program already names the object by sid",
} as const;

export function notApplicable(row: Row, column: ColumnKey): string | undefined {
  const locatorColumns: ColumnKey[] = ["repointExisting", "repointMissing", "repointFixed", "locatorRemoved", "pinned"];
  if (row.api === "wavix" || row.api === "voximplant") return locatorColumns.includes(column) ? NOT_APPLICABLE.noLocator : undefined;
  if (column === "repointFixed" && row.api === "twosms") return NOT_APPLICABLE.noFixedField;
  if (column === "locatorRemoved" && row.kind === "created") return NOT_APPLICABLE.createdHasNoLocator;
  if (column === "pinned" && row.kind === "adopted") return NOT_APPLICABLE.alreadyPinned;
  return undefined;
}

export interface CellResult {
  variant: Variant;
  row: string;
  column: ColumnKey;
  /** What the model says happens in this cell, in a few words. */
  outcome: string;
  /** Everything that did not hold; empty in a ✓ cell. */
  problems: string[];
  /**
   * Why the action did not do what the column means (no delete step for the old name, the wrong URL
   * never requested…); undefined when it did.
   */
  unmet?: string;
}

export const MATRIX_FILE = "IDENTITY-MATRIX.md";

const API_LABEL: Record<Api, string> = { wavix: "Wavix", voximplant: "Voximplant", twosms: "2sms", twilio: "Twilio" };
const rowLabel = (row: Row) => `${API_LABEL[row.api]}${row.api === "twilio" ? ` ${resourceOf(row)}` : ""}${row.kind === "created" ? " created" : row.kind === "adopted" ? " adopted" : ""}`;
const optionLabel = (row: Row) => (row.option === "none" ? "—" : `\`${row.option}\``);

/** Table rows grouped by API and kind, options side by side, as the issue lists them. */
function tableRows(): Array<{ variant: Variant; row: Row }> {
  const all = (Object.keys(ROWS) as Variant[]).flatMap((variant) => ROWS[variant].map((row) => ({ variant, row })));
  const resources = ["CustomerProfile", "EndUser", "Address"];
  const order = (r: Row) => ["wavix", "voximplant", "twosms", "twilio"].indexOf(r.api) * 100 + Math.max(0, resources.indexOf(resourceOf(r))) * 10 + ["singleton", "created", "adopted"].indexOf(r.kind);
  const optionOrder = (r: Row) => ["none", "deleteOnDestroy", "restoreOnDelete"].indexOf(r.option);
  return all.sort((a, b) => order(a.row) - order(b.row) || optionOrder(a.row) - optionOrder(b.row));
}

export const cellMark = (cell: CellResult) => (cell.problems.length > 0 ? "✗" : cell.unmet ? "◌" : "✓");

/** The markdown table (rows × columns) and, below it, every problem of every ✗ or ◌ cell. */
export function renderMatrix(results: CellResult[], ranOn: string): string {
  const lines = [
    "# Identity matrix (real Pulumi CLI)",
    "",
    "Written by test/e2e/identityMatrix.test.ts on every run; like FAULT-MATRIX.md, but for program edits",
    "and flags. Two stacks, one after the other, each with its own emulators: one holds every row without",
    "option (and an adopted Twilio profile with `deleteOnDestroy`), the other the rows with `restoreOnDelete`.",
    "Each column starts from the same recorded stack and emulator state, makes its edit or runs its",
    "command, then one plain `up` and `preview --refresh --expect-no-changes`. A cell is ✓ when the action",
    "did what the model says (in the cell) and afterwards every live object the program did not ask to",
    "delete still exists with the values the program (or nobody) set, no duplicate exists, state holds",
    "every live object the program declares, and nothing in the second account was written or deleted.",
    "✗: one of those did not hold (the problems are listed below the table). ◌: the action did not do",
    "what the column means (no delete step for the old name, no replacement, the wrong URL or the other",
    "account's credentials never reached the emulator…): the cell proves nothing, and fails the suite.",
    "A command in which several rows must each fail (re-pointed or removed locators, the destroy with a",
    "wrong base URL or account) runs with `--continue-on-error`, so one row's refusal cannot cancel another",
    "row's steps; two resources naming one object and `destroy --target` run one row per command.",
    "",
    "Outcomes: **released**: the old resource's delete wrote and deleted nothing, the object keeps the",
    "program's values and the new resource holds it; **made anew**: a new Twilio object was created and",
    "the old one deleted; **moved**: state moved to the new name, nothing written; **adopted**: the new",
    "object was adopted first, then the old one was forgotten, restored or deleted as the new program's",
    "options say; **refused**: the `up` failed naming the object, nothing was written or deleted and state",
    "still holds the old one; **no change**: preview and `up` showed no change and nothing was written;",
    "**kept**: the command failed for that resource, which stays live and in state; **forgotten**: the",
    "command dropped it from state and left the object alone (a destroy without option only forgets).",
    "",
    "Twilio rows name their resource type: a CustomerProfile, an EndUser, an Address (the 2010 API, on",
    "`twilio:apiBaseUrl`, not TrustHub's `twilio:trusthubBaseUrl`). The field fixed when each is made is",
    "its PolicySid, Type and IsoCountry. In the wrong-base-URL column each setting points at its own",
    "wrong path, and a cell is met only when its object's requests went to its own setting's.",
    "",
    "— does not apply: (a) Wavix and Voximplant have no locator: the credentials name the profile;",
    "(b) 2sms accounts have no field fixed when they are made (Twilio's objects have one);",
    "(c) a created Twilio object has no locator in the program to remove (its sid is an output);",
    "(d) an adopted Twilio object is already pinned by its sid.",
    "",
    "The `account` columns move every row between credential sets: `acme` and `acme-too` are the",
    "primary account's credentials under two names (`WAVIX_API_KEY__ACME`, `WAVIX_API_KEY__ACME_TOO`…),",
    "`beta` the second account's, and no variable names `gamma`. The first starts, like every other",
    "column, from the stack without `account` (the top-level settings, which are the primary account's",
    "too) and names `acme` everywhere: the way a stack moves to the fleet layout. The other three",
    "start from its end when every cell of it holds, else from the stack made at acme from nothing,",
    "and act with the account sets' credentials alone (the top-level variables unset). After the",
    "first, the second name and the missing credentials (the program naming acme again), the",
    "action's up must have converged: only `preview --refresh",
    "--expect-no-changes` follows. After the move to beta, the plain up runs the fixed program, and",
    "there the second account is written as the program says (its profile or object holds the",
    "program's values; nothing else of it changes). **same object; name recorded**: the new name's",
    "credentials reach the object state holds (diff asks them), so the up updates the resource writing",
    "nothing to any API, and state records the new name and keeps the values to restore (no move);",
    "**adopted beta's**: beta's profile was adopted",
    "with beta's credentials first, then the old one was forgotten, or restored in acme with acme's",
    "credentials; **made anew in beta**: a new object was made in beta, then the old one deleted from",
    "acme; **refused; with a sid of beta's: adopted**: the program names a sid of acme's, which beta's",
    "credentials cannot reach, so the up fails naming it, writes nothing in either account and state",
    "keeps the resource as it was; the fixed program names an object of beta's, which the plain up",
    "adopts, and the old one meets its fate in acme; **refused; state kept**: the up failed naming",
    "`<api>:accounts.gamma.<setting>` and `<VARIABLE>__GAMMA`, sent no request, and state keeps the",
    "resource as it was.",
    "",
    `Last run on: ${ranOn}`,
    "",
    `| row | option | ${COLUMNS.map((c) => c.label).join(" | ")} |`,
    `|---|---|${COLUMNS.map(() => "---").join("|")}|`,
  ];
  for (const { variant, row } of tableRows()) {
    const cells = COLUMNS.map(({ key }) => {
      const reason = notApplicable(row, key);
      if (reason) return `— (${reason[0]})`;
      const cell = results.find((r) => r.variant === variant && r.row === row.id && r.column === key);
      return cell ? `${cellMark(cell)} ${cell.outcome}` : "not run";
    });
    lines.push(`| ${rowLabel(row)} | ${optionLabel(row)} | ${cells.join(" | ")} |`);
  }
  const failing = results.filter((r) => cellMark(r) !== "✓");
  if (failing.length > 0) {
    lines.push("", "## Problems", "");
    for (const cell of failing) {
      const row = ROWS[cell.variant].find((r) => r.id === cell.row)!;
      const label = COLUMNS.find((c) => c.key === cell.column)!.label;
      const what = [...cell.problems, ...(cell.unmet ? [`not met: ${cell.unmet}`] : [])].join("; ");
      lines.push(`- ${cellMark(cell)} ${rowLabel(row)} ${optionLabel(row)} × ${label}: ${what}`);
    }
  }
  return lines.join("\n") + "\n";
}
