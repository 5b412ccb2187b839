/**
 * The forms a secret can take in a file or a log: as is, JSON-escaped, URL-encoded, base64
 * (standard and URL-safe, padded or not) and hex. A fixture file holding any of them holds the
 * secret in clear.
 */
export function encodingsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const base64 = bytes.toString("base64");
  return [
    ...new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      base64,
      base64.replace(/=+$/, ""),
      bytes.toString("base64url"),
      bytes.toString("hex"),
    ]),
  ];
}

/** Which of `secrets` appear in `text`, in any of their encodings (names, never the values). */
export function secretsIn(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => encodingsOf(secret).some((encoded) => text.includes(encoded)))
    .map(([name]) => name);
}
