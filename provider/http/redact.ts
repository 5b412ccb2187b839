/**
 * Secret redaction for every message that leaves the provider. Secrets are registered by value
 * as soon as they are read (API keys, tokens, passwords), so any text that happens to contain one
 * (an API error echoing a header, a URL with a token in its query) is scrubbed on the way out.
 */
const MASK = "[redacted]";
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: Array<string | undefined | null>): void {
    for (const value of values) {
      if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) {
        this.secrets.add(value);
        // Secrets also travel encoded: in form bodies, query strings and Basic auth headers.
        this.secrets.add(encodeURIComponent(value));
      }
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another secret is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(MASK);
    }
    return out.replace(/(authorization|authorisation)(["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi, `$1$2${MASK}`);
  }
}

/** The process-wide redactor: the provider process holds one set of credentials per API. */
export const redactor = new Redactor();

/** Strips the query string: query strings carry Voximplant parameters and legacy `appid` keys. */
export function urlForMessages(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
