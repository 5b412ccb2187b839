import fc from "fast-check";
import { DriftReport } from "../../cli/drift/report";
import { renderReport } from "../../cli/drift/render";
import { showControlChars } from "../../cli/drift/render/controlChars";
import * as f from "../support/driftReports";
import { htmlOf, tableOf, tagsIn } from "../support/markdownTable";

const text = (report: DriftReport) => renderReport(report, "text");
const markdown = (report: DriftReport) => renderReport(report, "markdown");

/** The lines of a text report from a profile's heading up to the next blank line. */
function block(out: string, heading: string): string[] {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf("", start);
  return lines.slice(start, end);
}

/** Any character, with the ones markdown and tables treat specially drawn far more often than chance would. */
const markdownChar = fc.oneof(fc.constantFrom(..."|`\\\n\r <>&*_[]()!#~$@:"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));

const PLAIN_TAGS = ["h3", "p", "strong", "em", "code", "br", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"];

describe("text report", () => {
  it("says a clean stack is clean in one line", () => {
    expect(text(f.clean)).toBe("No drift in stack dev (project profiles-demo): 3 profiles in sync with the program, read 2026-11-30T09:15:00.000Z.\n");
  });

  it("shows a drifted field with its three values and both ways out, under its profile", () => {
    expect(block(text(f.plainDrift), "Wavix Profile")).toEqual([
      "Wavix Profile main (id 1001): drifted",
      "  - job_title: changed outside Pulumi",
      '      last applied     "CEO"',
      '      live             "CTO"',
      '      program          "CEO"',
      '      keep live        in the program, write  job_title: "CTO"',
      "      restore program  pulumi up --refresh --stack dev",
    ]);
  });

  it("counts in-sync profiles in one line instead of a block each, and closes with the counts", () => {
    const out = text(f.plainDrift);
    expect(out).not.toContain("Voximplant");
    expect(out.trimEnd().split("\n").slice(-3)).toEqual([
      "1 profile in sync.",
      "Summary: 2 profiles: 1 drifted, 1 in sync.",
      "Restore the program's values everywhere: pulumi up --refresh --stack dev",
    ]);
  });

  it("names the account a profile is reached with beside its id", () => {
    const withAccount = { ...f.plainDrift, profiles: f.plainDrift.profiles.map((p) => ({ ...p, account: "acme-eu" })) };
    expect(text(withAccount)).toContain("Wavix Profile main (id 1001, account acme-eu): drifted\n");
    expect(tableOf(markdown(withAccount))!.rows[0]![0]!.code).toEqual(["main", "1001", "acme-eu"]);
  });

  it("names a nested field by its dotted path and gives the nested program edit", () => {
    const out = text(f.nestedDrift);
    expect(out).toContain("  - company_info.name: changed outside Pulumi\n");
    expect(out).toContain('keep live        in the program, write  company_info: { name: "Other Ltd" }\n');
  });

  it("says a secret changed, with the verdict and ways out, and no value rows", () => {
    const out = text(f.secretDrifts);
    expect(out).toContain("  - SMSPassword: [secret] changed — changed outside Pulumi\n");
    expect(out).toContain("  - callback_salt: [secret] changed — changed outside Pulumi\n");
    expect(out).not.toMatch(/^ {6}(last applied|live|program) /m);
    expect(block(out, "2sms Account")).toContain("      restore program  pulumi up --refresh --stack dev");
  });

  it("shows a program change with no ways out (the next up is the way)", () => {
    expect(block(text(f.programChange), "Voximplant Account")).toEqual([
      "Voximplant Account main (id 3001): changes not yet applied",
      "  - account_first_name: changed in the program, not yet applied",
      '      last applied     "Ann"',
      '      live             "Ann"',
      '      program          "Anna"',
    ]);
  });

  it("asks for a decision on a conflict and shows all three values", () => {
    const lines = block(text(f.conflict), "Wavix Profile");
    expect(lines[1]).toBe("  - time_zone: changed both outside Pulumi and in the program: decide which stays");
    expect(lines.slice(2)).toEqual([
      '      last applied     "Europe/London"',
      '      live             "Europe/Berlin"',
      '      program          "Europe/Paris"',
      '      keep live        in the program, write  time_zone: "Europe/Berlin"',
      "      restore program  pulumi up --refresh --stack dev",
    ]);
  });

  it("says a converged field needs no write", () => {
    expect(text(f.converged)).toContain("  - Email: changed outside Pulumi to what the program now says: the next up records it, writes nothing\n");
  });

  it("lists notices under their profile: gone, status moved, pending operation", () => {
    expect(block(text(f.twilioGone), "Twilio CustomerProfile")).toEqual([
      "Twilio CustomerProfile compliance (id BU3f1c0000000000000000000000000001): gone",
      `  ! gone: ${f.GONE_MESSAGE}`,
    ]);
    expect(block(text(f.twilioStatusMoved), "Twilio CustomerProfile")[1]).toBe(`  ! status: ${f.STATUS_MESSAGE}`);
    expect(block(text(f.pendingOperation), "Voximplant Account")[1]).toBe(`  ! pending operation: ${f.PENDING_MESSAGE}`);
  });

  it("keeps a value with a line break on one line and indents a message's second line", () => {
    const out = text(f.hostileValue);
    expect(out).toContain(`      live             ${JSON.stringify(f.HOSTILE_VALUE)}\n`);
    expect(out).toContain("  ! error: the API answered <b>503</b> | try again\n    **later**\n");
  });

  it("lets no control character through to the terminal", () => {
    const evil = f.report([
      f.profile({ api: "wavix", name: "main\u001b[2J", id: "1\u009b31m", state: "drifted", fields: [f.drift("job_title", "CEO", "C\u001b]0;pwned\u0007TO\u202e", "job_title: \u001b[31m")] }),
    ]);
    const out = text(evil);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain("Wavix Profile main\\u001b[2J (id 1\\u009b31m): drifted");
  });
});

describe("markdown report", () => {
  it("says a clean stack is clean under a heading", () => {
    expect(markdown(f.clean)).toBe("### Profile drift: stack `dev`, project `profiles-demo`\n\nNo drift: 3 profiles in sync with the program (read 2026-11-30T09:15:00.000Z).\n");
  });

  it("puts a one-line summary and then a table with one row per field", () => {
    const md = markdown(f.conflictRich);
    expect(md.split("\n").slice(0, 3)).toEqual([
      "### Profile drift: stack `dev`, project `profiles-demo`",
      "",
      "**7 profiles: 2 drifted, 1 with a conflict, 1 with changes not yet applied, 1 gone, 2 in sync.** Read 2026-11-30T09:15:00.000Z.",
    ]);
    const table = tableOf(md)!;
    expect(table.header).toEqual(["Profile", "Field", "What happened", "Last applied", "Live", "Program", "Way out"]);
    expect(table.rows.map((r) => r[1]!.code[0])).toEqual(["job_title", "company_info.name", "time_zone", "sms_relay_url", "SMSPassword", "Email", "account_first_name"]);
    expect(table.rows.every((r) => r.length === 7)).toBe(true);
  });

  it("shows a drift's values in code and both ways out", () => {
    const [row] = tableOf(markdown(f.plainDrift))!.rows;
    expect(row![0]).toEqual({ text: "Wavix Profile `main` (`1001`)", code: ["main", "1001"] });
    expect(row![2]!.text).toBe("changed outside Pulumi");
    expect(row!.slice(3, 6).map((c) => c.code)).toEqual([['"CEO"'], ['"CTO"'], ['"CEO"']]);
    expect(row![6]!.text).toBe('keep live: `job_title: "CTO"`<br>or restore (command below)');
  });

  it("shows a field's own restore command in its row when it is not the stack-wide one", () => {
    const field = { ...f.drift("job_title", "CEO", "CTO", 'job_title: "CTO"'), restoreProgram: "pulumi up --refresh --stack dev --target urn:x" };
    const row = tableOf(markdown(f.report([f.profile({ api: "wavix", name: "main", state: "drifted", fields: [field] })])))!.rows[0]!;
    expect(row[6]!.code).toEqual(['job_title: "CTO"', "pulumi up --refresh --stack dev --target urn:x"]);
  });

  it("gives a nested field's program edit, a conflict's decision and a converged field's no-op", () => {
    expect(tableOf(markdown(f.nestedDrift))!.rows[0]![6]!.code[0]).toBe('company_info: { name: "Other Ltd" }');
    expect(tableOf(markdown(f.conflict))!.rows[0]![2]!.text).toBe("changed both outside Pulumi and in the program: decide which stays");
    const converged = tableOf(markdown(f.converged))!.rows[0]!;
    expect(converged[2]!.text).toBe("changed outside Pulumi to what the program now says: the next up records it, writes nothing");
    expect(converged[6]!.text).toBe("—");
  });

  it("shows a program change with the unset value as words, not code", () => {
    const rows = tableOf(markdown(f.conflictRich))!.rows;
    const relay = rows.find((r) => r[1]!.code[0] === "sms_relay_url")!;
    expect(relay.slice(2).map((c) => c.text)).toEqual(["changed in the program, not yet applied", "(unset)", "(unset)", '`"https://hooks.example.com/sms"`', "—"]);
  });

  it("says a secret changed and shows no value", () => {
    const rows = tableOf(markdown(f.secretDrifts))!.rows;
    expect(rows.map((r) => r[2]!.text)).toEqual(["\\[secret\\] changed — changed outside Pulumi", "\\[secret\\] changed — changed outside Pulumi"]);
    expect(rows.flatMap((r) => r.slice(3, 6).map((c) => c.text))).toEqual(Array(6).fill("*secret*"));
    expect(htmlOf(markdown(f.secretDrifts))).toContain("[secret] changed — changed outside Pulumi");
  });

  it("lists notices under the table and ends with the restore command in code", () => {
    const md = markdown(f.conflictRich);
    const lines = md.trimEnd().split("\n");
    const lastRow = lines.length - 1 - [...lines].reverse().findIndex((l) => l.startsWith("|"));
    const notes = lines.filter((l) => l.startsWith("- "));
    expect(notes).toEqual([
      `- Voximplant Account \`main\` (\`3001\`), **pending operation**: ${f.PENDING_MESSAGE}`,
      `- Twilio CustomerProfile \`compliance\` (\`BU3f1c0000000000000000000000000001\`), **gone**: ${f.GONE_MESSAGE}`,
      `- Twilio CustomerProfile \`secondary\` (\`BU3f1c0000000000000000000000000002\`), **status**: ${f.STATUS_MESSAGE}`,
    ]);
    expect(lines.indexOf(notes[0]!)).toBeGreaterThan(lastRow);
    expect(lines.at(-1)).toBe("Restore the program's values everywhere: `pulumi up --refresh --stack dev`");
  });

  it("leaves out the table when only notices have something to say", () => {
    const md = markdown(f.twilioGone);
    expect(tableOf(md)).toBeUndefined();
    expect(htmlOf(md)).toContain(`<li>Twilio CustomerProfile <code>compliance</code> (<code>BU3f1c0000000000000000000000000001</code>), <strong>gone</strong>: ${f.GONE_MESSAGE}</li>`);
  });

  describe("keeps the table whole and shows a value exactly as it is", () => {
    it.each([
      ["a pipe", "a|b"],
      ["a pipe after a backslash", "back\\|slash"],
      ["backticks", "`tick` and ``two``"],
      ["a lone backtick", "`"],
      ["a line break", "line one\nline two"],
      ["HTML", "<script>alert(1)</script>"],
      ["leading and trailing spaces", "  spaced  "],
      ["everything at once", f.HOSTILE_VALUE],
    ])("%s", (_what, value) => {
      const md = markdown(f.report([f.profile({ api: "wavix", name: "main", id: "1001", state: "drifted", fields: [f.drift("company_info.name", "Acme Ltd", value, `name: ${JSON.stringify(value)}`)] })]));
      const table = tableOf(md)!;
      expect(table.rows).toHaveLength(1);
      expect(table.rows[0]).toHaveLength(7);
      expect(table.rows[0]![4]!.code).toEqual([JSON.stringify(value)]);
      expect(table.rows[0]![6]!.code[0]).toBe(`name: ${JSON.stringify(value)}`);
      expect([...tagsIn(htmlOf(md))].filter((t) => !PLAIN_TAGS.includes(t))).toEqual([]);
    });

    it("shows a raw way out's own spaces, backticks and pipes", () => {
      for (const keepLive of [" lead", "trail ", "`x`", "a | b"]) {
        const field = { ...f.drift("job_title", "CEO", "CTO", keepLive) };
        const row = tableOf(markdown(f.report([f.profile({ api: "wavix", name: "main", state: "drifted", fields: [field] })])))!.rows[0]!;
        expect(row).toHaveLength(7);
        expect(row[6]!.code[0]).toBe(keepLive);
      }
    });

    it("shows an odd backslash run before a pipe in a raw way out one backslash longer, the table still whole", () => {
      const field = f.drift("job_title", "CEO", "CTO", "a\\|b");
      const row = tableOf(markdown(f.report([f.profile({ api: "wavix", name: "main", state: "drifted", fields: [field] })])))!.rows[0]!;
      expect(row).toHaveLength(7);
      expect(row[6]!.code[0]).toBe("a\\\\|b");
    });
  });

  it("escapes markdown and HTML in names and messages", () => {
    const md = markdown(f.report([f.profile({ api: "wavix", name: "<img src=x onerror=alert(1)>", state: "drifted", notices: [{ kind: "error", message: "the API answered <b>503</b> | try **again** @ops $x$ [link](http://x)" }] })]));
    const html = htmlOf(md);
    // A bare URL in an API message becomes a link, as anywhere on GitHub; a link whose text hides its target must not.
    expect([...tagsIn(html)].filter((t) => !PLAIN_TAGS.includes(t))).toEqual(["a"]);
    expect(html).toContain('the API answered &lt;b&gt;503&lt;/b&gt; | try **again** @ops $x$ [link](<a href="http://x">http://x</a>)');
    expect(html).toContain("<code>&lt;img src=x onerror=alert(1)&gt;</code>");
  });

  it("keeps seven columns and the exact value for any string in a value, a way out, a name or a message", () => {
    fc.assert(
      fc.property(fc.string({ unit: markdownChar, maxLength: 40 }), fc.string({ unit: markdownChar, maxLength: 40 }), (value, other) => {
        const report = f.report([
          f.profile({
            api: "wavix",
            name: other,
            id: other,
            state: "conflict",
            fields: [{ field: other, verdict: "conflict", secret: false, lastApplied: other, live: value, program: null, keepLive: `job_title: ${JSON.stringify(value)}`, restoreProgram: f.RESTORE }],
            notices: [{ kind: "error", message: `${value}${other}` }],
          }),
        ]);
        const md = markdown(report);
        const table = tableOf(md)!;
        expect(table.rows).toHaveLength(1);
        expect(table.rows[0]).toHaveLength(7);
        expect(table.rows[0]![4]!.code).toEqual([showControlChars(JSON.stringify(value))]);
        expect([...tagsIn(htmlOf(md))].filter((t) => !PLAIN_TAGS.includes(t) && t !== "a")).toEqual([]);
      }),
    );
  });
});

describe("json report", () => {
  it("is the report itself, pretty-printed, and parses back to it", () => {
    const out = renderReport(f.conflictRich, "json");
    expect(out).toBe(JSON.stringify(f.conflictRich, null, 2) + "\n");
    expect(DriftReport.parse(JSON.parse(out))).toEqual(f.conflictRich);
  });
});

describe("secret values", () => {
  it.each(["text", "markdown", "json"] as const)("never reach the %s report, even when the report carries them by mistake", (format) => {
    const out = renderReport(f.leakySecret, format);
    expect(out).not.toContain(f.SECRET_MARKER);
    expect(out).toContain("SMSPassword");
    expect(out).toContain(format === "json" ? '"keepLive": "SMSPassword: \\"[secret]\\""' : 'SMSPassword: "[secret]"');
  });

  it("leave a redacted JSON report still valid", () => {
    const parsed = DriftReport.parse(JSON.parse(renderReport(f.leakySecret, "json")));
    expect(parsed.profiles[0]!.fields[0]).toEqual({ field: "SMSPassword", verdict: "conflict", secret: true, keepLive: 'SMSPassword: "[secret]"', restoreProgram: f.RESTORE });
  });
});
