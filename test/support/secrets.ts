import fc from "fast-check";
import { credentialPairForms, MIN_SECRET_LENGTH, secretForms } from "../../provider/http";

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

/** A secret that can stand in an HTTP header (a Bearer key): visible ASCII, inner spaces allowed. */
export function headerSafeSecret(): fc.Arbitrary<string> {
  const visible = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom(..."!'()~&=<\"+%/"));
  return fc
    .tuple(visible, fc.array(fc.oneof(visible, fc.constant(" ")), { minLength: MIN_SECRET_LENGTH - 2, maxLength: 22 }), visible)
    .map(([first, middle, last]) => first + middle.join("") + last);
}

/** Every form of each secret (and of each Basic pair) that a scan must not find. */
export function formsToScan(secrets: string[], pairs: Array<[string, string]> = []): Array<{ secret: string; encoding: string; form: string }> {
  const out: Array<{ secret: string; encoding: string; form: string }> = [];
  for (const secret of secrets) for (const [encoding, form] of secretForms(secret)) out.push({ secret, encoding, form });
  for (const [user, secret] of pairs) for (const [encoding, form] of credentialPairForms(user, secret)) out.push({ secret, encoding, form });
  return out;
}

/** The forms found in `text`, by secret and encoding; masks blanked so "[redacted]" never matches. */
export function leaksIn(text: string, forms: ReturnType<typeof formsToScan>): string[] {
  const scanned = text.split("[redacted]").join("\u0000");
  return forms.filter(({ form }) => scanned.includes(form)).map(({ secret, encoding }) => `${JSON.stringify(secret)} as ${encoding}`);
}
