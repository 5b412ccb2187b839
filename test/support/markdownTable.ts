import { join } from "node:path";
import type * as Marked from "marked";

/**
 * The markdown report as a reader's renderer sees it, parsed by marked (GFM, as GitHub and GitLab
 * read tables). marked ships as an ES module only, which jest cannot require; its UMD build is
 * the same parser.
 */
const { marked } = require(join(__dirname, "../../node_modules/marked/lib/marked.umd.js")) as typeof Marked;

export interface ParsedCell {
  /** The cell's text as markdown source after the table took its escapes off. */
  text: string;
  /** The contents of the cell's code spans, in order. */
  code: string[];
}

export function tableOf(markdown: string): { header: string[]; rows: ParsedCell[][] } | undefined {
  const table = marked.lexer(markdown).find((t): t is Marked.Tokens.Table => t.type === "table");
  if (!table) return undefined;
  const cell = (c: Marked.Tokens.TableCell): ParsedCell => ({ text: c.text, code: c.tokens.filter((t): t is Marked.Tokens.Codespan => t.type === "codespan").map((t) => t.text) });
  return { header: table.header.map((c) => c.text), rows: table.rows.map((r) => r.map(cell)) };
}

export function htmlOf(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true });
}

/** The HTML element names in a rendered page, to prove no value brought its own. */
export function tagsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}
