import { showControlChars } from "./controlChars";

/**
 * Markdown for strings the report got from elsewhere (profile names, live values, API messages),
 * so that none of them can break a table, start a link, raw HTML, a math block or an @mention in a
 * GitHub step summary, an issue or a GitLab note.
 */

/** Line breaks end a table row and a list item: shown as the two characters `\n` in code, a space in text. */
function oneLine(text: string, lineBreak: string): string {
  return showControlChars(text.replace(/\r\n|\r|\n/g, lineBreak));
}

/** Text outside code, every character GitHub or GitLab could read as syntax escaped with a backslash. */
export function mdText(text: string): string {
  return oneLine(text, " ").replace(/[\\`*_[\]<>|&~@#$]/g, "\\$&");
}

/**
 * An inline code span: nothing in it is markdown or HTML. Its fence is one backtick longer than
 * the longest run inside, padded with a space when the content starts or ends with a backtick or
 * a space (CommonMark strips exactly one pad on each side, so the content's own spaces survive).
 * In a table cell every pipe is escaped, because GFM splits a row on pipes before it finds code
 * spans: a pipe must end up behind an odd run of backslashes, so after an odd run already there
 * two go in, and that run shows one backslash longer (GFM has no way to show it as is).
 */
export function mdCode(content: string, inTable: boolean): string {
  let body = oneLine(content, "\\n");
  if (body === "") return "` `";
  if (inTable) body = body.replace(/(\\*)\|/g, (_m, run: string) => `${run}${run.length % 2 === 0 ? "\\" : "\\\\"}|`);
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = /^[ `]|[ `]$/.test(body) && /[^ ]/.test(body) ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
