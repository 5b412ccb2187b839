import type { Fault } from "../../sandbox";

/** The faults of the matrix, each injected once into the request of the verb under test. */
export interface FaultSpec {
  label: string;
  fault: () => Omit<Fault, "method" | "path" | "when">;
}

/** Longer than the suite's request timeout (5 s), so the provider gives up on the answer. */
const SLOW_MS = 7_000;

export const FAULTS: FaultSpec[] = [
  { label: "429 + Retry-After", fault: () => ({ status: 429, headers: { "retry-after": "1" } }) },
  { label: "500", fault: () => ({ status: 500 }) },
  { label: "502 (applied)", fault: () => ({ status: 502, afterApply: true }) },
  { label: "503", fault: () => ({ status: 503 }) },
  { label: "504 (applied)", fault: () => ({ status: 504, afterApply: true }) },
  { label: "slower than timeout", fault: () => ({ delayMs: SLOW_MS }) },
  { label: "reset before answer", fault: () => ({ reset: true }) },
  { label: "reset mid-answer", fault: () => ({ truncate: true }) },
  { label: "applied, answer lost", fault: () => ({ loseResponse: true }) },
  { label: "malformed body", fault: () => ({ replaceBody: '{"broken' }) },
];

export interface CellResult {
  api: string;
  verb: string;
  fault: string;
  /** Whether the faulted up itself succeeded, or it failed and the next plain up finished. */
  firstUp: "same up" | "next up";
  problems: string[];
  /** Whether a request met the injected fault; a cell no request met proves only convergence. */
  faultMet: boolean;
}

export const MATRIX_FILE = "FAULT-MATRIX.md";

/** The markdown table of (API × verb) rows and fault columns the suite writes after each run. */
export function renderMatrix(results: CellResult[]): string {
  const rows = [...new Set(results.map((r) => `${r.api}|${r.verb}`))];
  const lines = [
    "# Fault matrix (real Pulumi CLI)",
    "",
    "Written by test/e2e/faultMatrix.test.ts on every run. Each cell: the fault was injected into",
    "that verb's request, then one plain `up` ran. **same up**: the faulted `up` succeeded (retried,",
    "or read back and finished); **next up**: it failed with one clear error and the next plain `up`",
    "finished. In every ✓ cell, afterwards the API held the desired profile, there was exactly one",
    "object per resource, nothing the stack did not create was deleted (an identical Twilio profile",
    "made an hour earlier, and the adopted one, survive), and `preview --refresh --expect-no-changes`",
    "passed. ✗ marks a cell where one of those did not hold. \"(applied)\": the server committed",
    "the request and then answered the status. Every cell of the full product is run, none sampled;",
    "the fault hits the verb's write (POST/PUT/DELETE), not the reads before it. **◌** marks a cell whose",
    "fault no request met (the verb sent no write matching the fault's route in that run): it converged,",
    "but proves nothing about that fault.",
    "",
    `| API | verb | ${FAULTS.map((f) => f.label).join(" | ")} |`,
    `|---|---|${FAULTS.map(() => "---").join("|")}|`,
  ];
  for (const row of rows) {
    const [api, verb] = row.split("|");
    const cells = FAULTS.map((f) => {
      const cell = results.find((r) => r.api === api && r.verb === verb && r.fault === f.label);
      if (!cell) return "—";
      return `${cell.problems.length > 0 ? "✗" : cell.faultMet ? "✓" : "◌"} ${cell.firstUp}`;
    });
    lines.push(`| ${api} | ${verb} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}
