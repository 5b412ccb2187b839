import { showControlChars } from "./controlChars";
import type { DriftReport, FieldReport, ProfileReport } from "../report";
import { NOTICE_WORDS, SECRET_CHANGED, STATE_WORDS, VERDICT_WORDS, countsSentence, needsAttention, profilesInSync, showValue } from "./wording";

/**
 * The report for a terminal: no colour codes (it is as often read in a CI log or piped to a file),
 * labels padded to one width so the three values line up, and every string cleaned of control
 * characters, so a profile name or a live value cannot move the cursor or recolour the terminal.
 */
export function renderText(report: DriftReport): string {
  const attention = report.profiles.filter(needsAttention);
  const inSync = report.profiles.length - attention.length;
  const where = `stack ${plain(report.stack)} (project ${plain(report.project)})`;
  if (report.outcome === "clean" && attention.length === 0) {
    return `No drift in ${where}: ${profilesInSync(inSync)} with the program, read ${plain(report.readAt)}.\n`;
  }
  const lines = [`Drift report for ${where}, read ${plain(report.readAt)}`, ""];
  for (const profile of attention) lines.push(...profileBlock(profile), "");
  if (inSync > 0) lines.push(`${profilesInSync(inSync)}.`);
  lines.push(`Summary: ${countsSentence(report.counts)}.`);
  if (report.outcome === "changes") lines.push(`Restore the program's values everywhere: ${plain(report.restoreCommand)}`);
  return lines.join("\n") + "\n";
}

function profileBlock(profile: ProfileReport): string[] {
  const about = [profile.id === undefined ? "" : `id ${plain(profile.id)}`, profile.account === undefined ? "" : `account ${plain(profile.account)}`].filter(Boolean);
  const where = about.length === 0 ? "" : ` (${about.join(", ")})`;
  return [
    `${plain(profile.kind)} ${plain(profile.name)}${where}: ${STATE_WORDS[profile.state]}`,
    ...profile.fields.flatMap(fieldLines),
    ...profile.notices.map((n) => `  ! ${NOTICE_WORDS[n.kind]}: ${plain(n.message, "    ")}`),
  ];
}

const LABEL_WIDTH = 16;
const row = (label: string, value: string) => `      ${label.padEnd(LABEL_WIDTH)} ${value}`;

function fieldLines(field: FieldReport): string[] {
  const name = plain(field.field);
  const verdict = VERDICT_WORDS[field.verdict];
  const lines = field.secret
    ? [`  - ${name}: ${SECRET_CHANGED} — ${verdict}`]
    : [
        `  - ${name}: ${verdict}`,
        row("last applied", plain(showValue(field.lastApplied))),
        row("live", plain(showValue(field.live))),
        row("program", plain(showValue(field.program, field.programUnknown))),
      ];
  if (field.keepLive !== undefined) lines.push(row("keep live", `in the program, write  ${plain(field.keepLive, "      ")}`));
  if (field.restoreProgram !== undefined) lines.push(row("restore program", plain(field.restoreProgram)));
  return lines;
}

/** One line per line break, continued with an indent; no control character gets through. */
function plain(text: string, indent = "  "): string {
  return showControlChars(text.replace(/\r\n?/g, "\n")).replace(/\n/g, `\n${indent}`);
}
