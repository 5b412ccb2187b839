import fc from "fast-check";
import { XMLBuilder } from "fast-xml-parser";
import { MIN_SECRET_LENGTH } from "../../provider/http";

/**
 * The characters that travel differently in each encoding: form-urlencoding's extra escapes
 * (! ' ( ) ~ and space as +), the query and JSON/XML specials, and letters outside ASCII (two,
 * three and four UTF-8 bytes).
 */
export const AWKWARD = [..."!'()~ &=<>\"+%/\\#?;:@", "é", "ß", "Ж", "中", "😀"];

/** Any printable character: ASCII, then every XML Char above it (no controls, no lone surrogates). */
const printableChar = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.constantFrom(...AWKWARD) },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

/** A secret long enough to mask, drawn from the full printable range. */
export function printableSecret(maxChars = 24): fc.Arbitrary<string> {
  return fc.array(printableChar, { minLength: MIN_SECRET_LENGTH, maxLength: maxChars }).map((chars) => chars.join(""));
}

/** A credential as a setting can hold it: the provider trims a setting (a pasted key's trailing newline). */
export function settingSecret(maxChars = 24): fc.Arbitrary<string> {
  return printableSecret(maxChars).filter((secret) => secret.trim() === secret);
}

/** A secret that can stand in an HTTP header (a Bearer key): visible ASCII, inner spaces allowed. */
export function headerSafeSecret(): fc.Arbitrary<string> {
  const visible = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom(..."!'()~&=<\"+%/"));
  return fc
    .tuple(visible, fc.array(fc.oneof(visible, fc.constant(" ")), { minLength: MIN_SECRET_LENGTH - 2, maxLength: 22 }), visible)
    .map(([first, middle, last]) => first + middle.join("") + last);
}

const xmlBuilder = new XMLBuilder({ format: false });

/**
 * The encodings a scan looks for, each made by a real encoder rather than by the redactor's own
 * list, so a form the redactor forgot is found instead of forgotten twice.
 */
export const SCAN_ENCODINGS: Record<string, (secret: string) => string> = {
  raw: (s) => s,
  encodeURIComponent: (s) => encodeURIComponent(s),
  "application/x-www-form-urlencoded": (s) => new URLSearchParams({ v: s }).toString().slice(2),
  "JSON string": (s) => JSON.stringify(s).slice(1, -1),
  "XML text (fast-xml-parser)": (s) => (xmlBuilder.build({ v: s }) as string).slice(3, -4),
  "XML entities (& < > \" ')": (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;"),
};

export type ScanForm = { secret: string; encoding: string; form: string };

/** Every form of each secret, and the base64 of each `user:secret` pair sent as HTTP Basic. */
export function formsToScan(secrets: string[], pairs: Array<[string, string]> = []): ScanForm[] {
  const out: ScanForm[] = [];
  for (const secret of secrets) for (const [encoding, encode] of Object.entries(SCAN_ENCODINGS)) out.push({ secret, encoding, form: encode(secret) });
  for (const [user, secret] of pairs) out.push({ secret, encoding: "base64 of user:secret", form: Buffer.from(`${user}:${secret}`).toString("base64") });
  return out;
}

/** The forms found in `text`, by secret and encoding; masks blanked so "[redacted]" never matches. */
export function leaksIn(text: string, forms: ScanForm[]): string[] {
  const scanned = text.split("[redacted]").join("\u0000");
  return forms.filter(({ form }) => scanned.includes(form)).map(({ secret, encoding }) => `${JSON.stringify(secret)} as ${encoding}`);
}

/**
 * Pieces of a secret, in any scanned form, of `minLength` characters or more found in `text`. A
 * parser's message quotes a few characters around the fault it met; a piece cut from a secret
 * is no longer the secret, so a whole-secret scan (and the redactor) would miss it.
 */
export function fragmentsIn(text: string, secrets: string[], minLength = 5): string[] {
  const scanned = text.split("[redacted]").join("\u0000");
  const found: string[] = [];
  for (const { secret, encoding, form } of formsToScan(secrets)) {
    const chars = [...form];
    const pieces = chars.map((_, at) => chars.slice(at, at + minLength).join("")).filter((piece) => [...piece].length === minLength && scanned.includes(piece));
    if (pieces.length > 0) found.push(`${JSON.stringify(secret)} as ${encoding}: ${pieces.map((piece) => JSON.stringify(piece)).join(", ")}`);
  }
  return found;
}
