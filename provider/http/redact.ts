/**
 * Secret redaction for every message that leaves the provider. Secrets are registered by value
 * as soon as they are read (API keys, tokens, passwords), so any text that happens to contain one
 * (an API error echoing a parameter, a debug line) is scrubbed on the way out, in every form the
 * secret can travel in.
 */
export const MASK = "[redacted]";
/**
 * The shortest secret the redactor masks in place. A shorter one matches ordinary text ("2024",
 * "abc"), so masking it would both garble messages and reveal it by where the masks fall; check
 * refuses such secrets (see provider/engine/secretRules.ts). Voximplant documents the same
 * minimum for account passwords.
 */
export const MIN_SECRET_LENGTH = 8;
/** What a message becomes when it holds a secret too short to mask in place. */
export const WITHHELD = "[message withheld: it contains a secret too short to mask]";

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, "0");
const lowerPercentHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

/** `\uXXXX` for every UTF-16 unit `escape` selects, the way ASCII-only JSON writers print strings. */
function jsonEscaped(secret: string, escape: (unit: number) => boolean, lowerHex: boolean): string {
  const plain = JSON.stringify(secret).slice(1, -1);
  let out = "";
  for (let i = 0; i < plain.length; i++) {
    const unit = plain.charCodeAt(i);
    if (!escape(unit)) {
      out += plain[i];
      continue;
    }
    const code = `\\u${hex(unit, 4)}`;
    out += lowerHex ? code.toLowerCase() : code;
  }
  return out;
}

function xmlEscaped(secret: string, quotes: "none" | "named" | "numeric", nonAscii: "raw" | "decimal" | "hex"): string {
  let out = "";
  for (const char of secret) {
    const code = char.codePointAt(0)!;
    if (char === "&") out += "&amp;";
    else if (char === "<") out += "&lt;";
    else if (char === ">") out += "&gt;";
    else if (char === '"' && quotes !== "none") out += quotes === "named" ? "&quot;" : "&#34;";
    else if (char === "'" && quotes !== "none") out += quotes === "named" ? "&apos;" : "&#39;";
    else if (code > 0x7e && nonAscii === "decimal") out += `&#${code};`;
    else if (code > 0x7e && nonAscii === "hex") out += `&#x${hex(code, 1)};`;
    else out += char;
  }
  return out;
}

/**
 * Every form in which `secret` can appear in text the provider handles, by name: as sent in a
 * URL or form body, escaped in a JSON or XML body the API echoes back, or as it stands. Pure, so
 * tests and the end-to-end scans enumerate exactly what the redactor masks.
 */
export function secretForms(secret: string): Map<string, string> {
  // On the wire a lone surrogate becomes U+FFFD (UTF-8); encodeURIComponent would throw on it.
  const uri = encodeURIComponent(Buffer.from(secret, "utf8").toString("utf8"));
  // application/x-www-form-urlencoded (URLSearchParams) also encodes ! ' ( ) ~ and writes space as +.
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  const isNonAscii = (unit: number) => unit > 0x7e;
  // System.Text.Json's default encoder also escapes HTML-sensitive characters.
  const isHtmlSensitive = (unit: number) => isNonAscii(unit) || "<>&'+`\"".includes(String.fromCharCode(unit));
  const json = JSON.stringify(secret).slice(1, -1);
  const entries: Array<[string, string]> = [
    ["raw", secret],
    ["encodeURIComponent", uri],
    ["encodeURIComponent (lowercase hex)", lowerPercentHex(uri)],
    ["form-urlencoded", form],
    ["form-urlencoded (lowercase hex)", lowerPercentHex(form)],
    ["JSON string", json],
    ["JSON string, escaped slash", json.replace(/\//g, "\\/")],
    ["JSON string, ASCII only", jsonEscaped(secret, isNonAscii, false)],
    ["JSON string, ASCII only (lowercase hex)", jsonEscaped(secret, isNonAscii, true)],
    ["JSON string, HTML-safe", jsonEscaped(secret, isHtmlSensitive, false)],
    ["XML text", xmlEscaped(secret, "none", "raw")],
    ["XML attribute", xmlEscaped(secret, "named", "raw")],
    ["XML numeric quotes", xmlEscaped(secret, "numeric", "raw")],
    ["XML ASCII only", xmlEscaped(secret, "named", "decimal")],
    ["XML ASCII only (hex)", xmlEscaped(secret, "named", "hex")],
  ];
  return new Map(entries);
}

/** The forms of a credential pair the code base64-encodes (HTTP Basic `user:secret`). */
export function credentialPairForms(user: string, secret: string): Map<string, string> {
  const pair = Buffer.from(`${user}:${secret}`, "utf8");
  return new Map([
    ["base64 user:secret", pair.toString("base64")],
    ["base64url user:secret", pair.toString("base64url")],
  ]);
}

/** Merged [start, end) spans of every occurrence of any needle in text. */
function spansOf(text: string, needles: Iterable<string>): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

export class Redactor {
  private readonly forms = new Set<string>();
  private readonly tooShort = new Set<string>();

  /**
   * Registers secrets with every form they travel in. One too short to mask in place (which
   * check refuses, so only state written before that rule can hold one) withholds any message
   * that contains it instead.
   */
  add(...values: Array<string | undefined | null>): void {
    for (const value of values) {
      if (typeof value !== "string" || value === "") continue;
      if (value.length < MIN_SECRET_LENGTH) {
        this.tooShort.add(value);
        continue;
      }
      for (const form of secretForms(value).values()) this.forms.add(form);
    }
  }

  /** A user and secret the code sends together, base64-encoded (HTTP Basic). */
  addCredentialPair(user: string, secret: string): void {
    this.add(secret);
    for (const form of credentialPairForms(user, secret).values()) this.forms.add(form);
  }

  redact(text: string): string {
    for (const secret of this.tooShort) if (text.includes(secret)) return WITHHELD;
    // Spans, not sequential replacement: two secrets that overlap in the text are masked whole.
    let out = "";
    let from = 0;
    for (const [start, end] of spansOf(text, this.forms)) {
      out += text.slice(from, start) + MASK;
      from = end;
    }
    out += text.slice(from);
    return out.replace(/(authorization|authorisation)(["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi, `$1$2${MASK}`);
  }
}

/** The process-wide redactor: the provider process holds one set of credentials per API. */
export const redactor = new Redactor();

/** Strips the query string: no secret belongs in one, and a stray one never reaches a message. */
export function urlForMessages(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
