import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "../../cli/drift/render";
import type { DriftReport } from "../../cli/drift/report";
import { readReportFile, renderSummary, summarize, summaryExitStatus, type ReportInput } from "../../cli/drift/summary";
import { main } from "../../cli/main";
import * as f from "../support/driftReports";
import { tableOf } from "../support/markdownTable";

/** A fixture as the shard `stack` reported it, its profiles reached with `account`. */
function shard(stack: string, report: DriftReport, account: string): ReportInput {
  return { source: `drift-${stack}.json`, report: { ...report, stack, restoreCommand: `pulumi up --refresh --stack ${stack}`, profiles: report.profiles.map((p) => ({ ...p, account })) } };
}

/** The summary's sections: heading line → the lines under it, up to the next heading. */
function sections(markdown: string): Map<string, string> {
  const parts = markdown.split(/^(?=### )/m).slice(1);
  return new Map(parts.map((part) => [part.slice(0, part.indexOf("\n")), part]));
}

describe("drift-summary: one summary of several stacks' reports", () => {
  it("a row per stack and the totals, then each stack's report under its own heading, drift named with its account; exit 2", () => {
    const summary = summarize([shard("fleet-2", f.clean, "globex"), shard("fleet-1", f.plainDrift, "initech")], ["fleet-1", "fleet-2"]);
    const markdown = renderSummary(summary);
    expect(markdown.split("\n").slice(0, 3)).toEqual(["## Profile drift: 2 stacks of project `profiles-demo`", "", "**2 stacks: 1 with changes, 1 clean. 5 profiles: 1 drifted, 4 in sync.**"]);
    const table = tableOf(markdown)!;
    expect(table.header).toEqual(["Stack", "Outcome", "Profiles", "Drifted", "Conflicts", "Not yet applied", "Gone"]);
    // The order the shards file gives, not the order the files came in.
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["`fleet-1`", "changes", "2", "1", "0", "0", "0"],
      ["`fleet-2`", "clean", "3", "0", "0", "0", "0"],
      ["**all**", "**changes**", "5", "1", "0", "0", "0"],
    ]);
    const bySection = sections(markdown);
    expect([...bySection.keys()]).toEqual(["### Profile drift: stack `fleet-1`, project `profiles-demo`", "### Profile drift: stack `fleet-2`, project `profiles-demo`"]);
    const [drifted, clean] = [...bySection.values()];
    expect(drifted).toContain("Wavix Profile `main` (`1001`), account `initech`");
    expect(drifted).toContain("`job_title`");
    expect(drifted).toContain("`pulumi up --refresh --stack fleet-1`");
    expect(clean).toContain("No drift: 3 profiles in sync");
    expect(summaryExitStatus(summary)).toBe(2);
  });

  it("every stack clean: exit 0", () => {
    const summary = summarize([shard("a", f.clean, "acme"), shard("b", f.clean, "globex")], ["a", "b"]);
    expect(summaryExitStatus(summary)).toBe(0);
    expect(renderSummary(summary)).toContain("**2 stacks: 2 clean. 6 profiles: 6 in sync.**");
  });

  it("a stack that should have reported and did not is named, the others still shown; exit 1, worse than drift", () => {
    const summary = summarize([shard("fleet-1", f.plainDrift, "initech")], ["fleet-1", "fleet-2"]);
    const markdown = renderSummary(summary);
    expect(tableOf(markdown)!.rows.map((r) => r[1]!.text)).toEqual(["changes", "**no report**", "**incomplete**"]);
    expect(sections(markdown).get("### Profile drift: stack `fleet-2`")).toContain("no report: its drift job failed");
    expect(markdown).toContain("account `initech`");
    expect(summaryExitStatus(summary)).toBe(1);
  });

  it("two reports of one stack: neither is taken; exit 1", () => {
    const summary = summarize([shard("a", f.clean, "acme"), shard("a", f.plainDrift, "acme")]);
    expect(summary.shards).toEqual([{ stack: "a", problem: expect.stringContaining("two reports of this stack") }]);
    expect(summaryExitStatus(summary)).toBe(1);
  });

  it("shows no secret a report carries by mistake", () => {
    const markdown = renderSummary(summarize([shard("a", f.leakySecret, "acme")]));
    expect(markdown).toContain("SMSPassword");
    expect(markdown).not.toContain(f.SECRET_MARKER);
  });

  describe("files", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "drift-summary-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("a file that is no report (missing, not JSON, another shape) is named with why; exit 1", () => {
      writeFileSync(join(dir, "text.json"), "### Profile drift: stack `a`\n");
      writeFileSync(join(dir, "other.json"), JSON.stringify({ ...f.clean, version: 99 }));
      const inputs = ["missing.json", "text.json", "other.json"].map((name) => readReportFile(join(dir, name)));
      expect(inputs.map((i) => ("problem" in i ? i.problem : ""))).toEqual([
        "cannot read it: ENOENT",
        "not JSON: was it written by `pulumi-profiles drift --format json`?",
        expect.stringMatching(/^not a drift report of version 1: version: /),
      ]);
      expect(summaryExitStatus(summarize(inputs))).toBe(1);
    });

    it("`pulumi-profiles drift-summary --expect … --summary-file …` reads the files drift wrote, prints the summary, appends it to the file, and exits with the worst status", async () => {
      for (const [stack, report, account] of [["fleet-1", f.plainDrift, "initech"], ["fleet-2", f.clean, "globex"]] as const) {
        writeFileSync(join(dir, `drift-${stack}.json`), renderReport((shard(stack, report, account) as { report: DriftReport }).report, "json"));
      }
      const summaryFile = join(dir, "step-summary.md");
      writeFileSync(summaryFile, "earlier step\n");
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), cwd: dir, env: {} };
      const status = await main(["drift-summary", "--expect", "fleet-1,fleet-2", "--summary-file", summaryFile, "drift-fleet-1.json", "drift-fleet-2.json"], io);
      expect({ status, err: err.join("") }).toEqual({ status: 2, err: "" });
      expect(out.join("")).toContain("account `initech`");
      expect(readFileSync(summaryFile, "utf8")).toBe(`earlier step\n${out.join("")}\n`);

      expect(await main(["drift-summary", "--expect", "fleet-1,fleet-2,fleet-3", "drift-fleet-1.json", "drift-fleet-2.json"], io)).toBe(1);
      expect(await main(["drift-summary"], io)).toBe(1);
      expect(err.join("")).toContain("Usage: pulumi-profiles drift-summary");
    });
  });
});
