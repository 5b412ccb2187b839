/**
 * Typed failures of the HTTP layer. Callers branch on `code` or `instanceof`, never on message
 * text, so wording can improve without breaking behaviour (the restapi "404" string-matching trap).
 */
import { urlForMessages } from "./redact";

export type HttpErrorCode =
  | "HTTP_STATUS"
  | "HTTP_TIMEOUT"
  | "HTTP_CONNECTION"
  | "HTTP_TLS"
  | "HTTP_INSECURE_URL"
  | "HTTP_BAD_BODY"
  | "HTTP_REDIRECT";

export interface HttpErrorDetails {
  method: string;
  /** URL with the query string stripped: query strings may carry secrets. */
  url: string;
  status?: number;
  body?: string;
  attempts?: number;
  cause?: unknown;
}

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly attempts: number;

  constructor(code: HttpErrorCode, message: string, details: HttpErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "HttpError";
    this.code = code;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.attempts = details.attempts ?? 1;
  }
}

/** The server answered with a status the caller did not accept. */
export class HttpStatusError extends HttpError {
  constructor(details: HttpErrorDetails & { status: number }) {
    super("HTTP_STATUS", `${details.method} ${details.url} answered HTTP ${details.status}`, details);
    this.name = "HttpStatusError";
  }
}

export class HttpTimeoutError extends HttpError {
  constructor(details: HttpErrorDetails & { timeoutMs: number }) {
    super("HTTP_TIMEOUT", `${details.method} ${details.url} got no answer within ${details.timeoutMs} ms`, details);
    this.name = "HttpTimeoutError";
  }
}

export class HttpConnectionError extends HttpError {
  constructor(details: HttpErrorDetails & { reason: string }) {
    super("HTTP_CONNECTION", `${details.method} ${details.url} failed: ${details.reason}`, details);
    this.name = "HttpConnectionError";
  }
}

export class InsecureUrlError extends HttpError {
  constructor(details: HttpErrorDetails) {
    super(
      "HTTP_INSECURE_URL",
      `refusing plain http:// to ${new URL(details.url).host}: only loopback hosts may be reached without TLS`,
      details,
    );
    this.name = "InsecureUrlError";
  }
}

/** The body could not be decoded (malformed JSON or XML). */
export class BadBodyError extends HttpError {
  /** Where the body is malformed, never what it says (it may hold a secret). */
  readonly reason: string;
  constructor(details: HttpErrorDetails & { reason: string }) {
    super("HTTP_BAD_BODY", `${details.method} ${details.url} answered a body that could not be read: ${details.reason}`, details);
    this.name = "BadBodyError";
    this.reason = details.reason;
  }
}

/** The server's certificate did not verify. Never retried: it does not heal, and is never bypassed. */
export class TlsError extends HttpError {
  constructor(details: HttpErrorDetails & { reason: string }) {
    super("HTTP_TLS", `${details.method} ${details.url}: the TLS certificate did not verify (${details.reason})`, details);
    this.name = "TlsError";
  }
}

/** A Location without its query string (a token or signature may ride in one), or a note when it is missing or unreadable. */
function locationForMessages(location: string | undefined): string {
  if (location === undefined) return "(no Location)";
  try {
    return urlForMessages(location);
  } catch {
    return "(a Location that is not a URL)";
  }
}

/**
 * The server answered a redirect. Redirects are never followed: credentials go only to the
 * configured host, and a moved API is a base-URL setting to change, not a hop to take silently.
 */
export class RedirectRefusedError extends HttpError {
  /** Where the server pointed, without its query string. */
  readonly location: string | undefined;
  constructor(details: HttpErrorDetails & { status: number; location: string | undefined }) {
    super(
      "HTTP_REDIRECT",
      `${details.method} ${details.url} answered HTTP ${details.status} redirecting to ${locationForMessages(details.location)}; redirects are not followed, so credentials go only to the configured host: if the API moved, set its base URL to the new address`,
      details,
    );
    this.name = "RedirectRefusedError";
    this.location = details.location === undefined ? undefined : locationForMessages(details.location);
  }
}
