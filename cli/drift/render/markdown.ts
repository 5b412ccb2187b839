import type { DriftReport, FieldReport, ProfileReport } from "../report";
import { mdCode, mdText } from "./markdownEscape";
import { NOTICE_WORDS, SECRET_CHANGED, STATE_WORDS, VERDICT_WORDS, countsSentence, needsAttention, profilesInSync, showValue } from "./wording";

/**
 * The report for a GitHub step summary, an issue body or a GitLab merge-request note: one table of
 * fields, one list of notices, the restore command. A profile's name shows on its first row only,
 * which keeps a profile with many fields readable as a group.
 */
export function renderMarkdown(report: DriftReport): string {
  const attention = report.profiles.filter(needsAttention);
  const inSync = report.profiles.length - attention.length;
  const heading = `### Profile drift: stack ${mdCode(report.stack, false)}, project ${mdCode(report.project, false)}`;
  if (report.outcome === "clean" && attention.length === 0) {
    return `${heading}\n\nNo drift: ${mdText(profilesInSync(inSync))} with the program (read ${mdText(report.readAt)}).\n`;
  }
  const lines = [heading, "", `**${mdText(countsSentence(report.counts))}.** Read ${mdText(report.readAt)}.`, ""];

  const rows = attention.flatMap((p) => p.fields.map((f, i) => tableRow(i === 0 ? profileLabel(p, true) : "", f, report.restoreCommand)));
  if (rows.length > 0) {
    lines.push("| Profile | Field | What happened | Last applied | Live | Program | Way out |", "|---|---|---|---|---|---|---|", ...rows, "");
  }

  const notes = attention.flatMap((p) => [
    ...p.notices.map((n) => `- ${profileLabel(p, false)}, **${NOTICE_WORDS[n.kind]}**: ${mdText(n.message)}`),
    ...(p.fields.length === 0 && p.notices.length === 0 ? [`- ${profileLabel(p, false)}: ${STATE_WORDS[p.state]}`] : []),
  ]);
  if (notes.length > 0) lines.push(...notes, "");

  if (report.outcome === "changes") lines.push(`Restore the program's values everywhere: ${mdCode(report.restoreCommand, false)}`);
  return lines.join("\n").trimEnd() + "\n";
}

function profileLabel(profile: ProfileReport, inTable: boolean): string {
  const id = profile.id === undefined ? "" : ` (${mdCode(profile.id, inTable)})`;
  const account = profile.account === undefined ? "" : `, account ${mdCode(profile.account, inTable)}`;
  return `${mdText(profile.kind)} ${mdCode(profile.name, inTable)}${id}${account}`;
}

/** The restore command shows once, under the table, unless a field's differs: repeated on every row it doubled the table's width. */
function tableRow(profile: string, field: FieldReport, restoreCommand: string): string {
  const verdict = VERDICT_WORDS[field.verdict];
  const value = (v: FieldReport["live"], unknown = false) => (field.secret ? "*secret*" : valueCell(v, unknown));
  const wayOut = [
    field.keepLive === undefined ? "" : `keep live: ${mdCode(field.keepLive, true)}`,
    field.restoreProgram === undefined ? "" : field.restoreProgram === restoreCommand ? "or restore (command below)" : `or restore: ${mdCode(field.restoreProgram, true)}`,
  ].filter(Boolean);
  const cells = [
    profile,
    mdCode(field.field, true),
    mdText(field.secret ? `${SECRET_CHANGED} — ${verdict}` : verdict),
    value(field.lastApplied),
    value(field.live),
    value(field.program, field.programUnknown),
    wayOut.length > 0 ? wayOut.join("<br>") : "—",
  ];
  return `| ${cells.join(" | ")} |`;
}

/** A value in code; "unset", "absent" and "known after up" are words about a value, so plain. */
function valueCell(value: FieldReport["live"], unknown: boolean): string {
  const shown = showValue(value, unknown);
  return value === undefined || value === null || unknown ? mdText(shown) : mdCode(shown, true);
}
