import { HttpConnectionError, HttpTimeoutError, InsecureUrlError, TlsError } from "./errors";
import { urlForMessages } from "./redact";
import type { HttpRequest, HttpResponse, Send } from "./types";

export interface TransportOptions {
  /** Whole-request timeout: connect, headers and body. */
  timeoutMs: number;
  /** Concurrent sockets per origin; above it requests queue on the kept-alive connections. */
  connectionsPerOrigin: number;
}

export const defaultTransportOptions: TransportOptions = { timeoutMs: 30_000, connectionsPerOrigin: 16 };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Plain http is only for the local emulators; a real API is always reached over TLS. */
export function assertSecureUrl(url: string, method: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === "https:") return;
  const loopback = LOOPBACK_HOSTS.has(parsed.hostname) || /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
  if (parsed.protocol === "http:" && loopback) return;
  throw new InsecureUrlError({ method, url: urlForMessages(url) });
}

/**
 * The undici leaf of the pipeline: one keep-alive Agent shared by every call, so a refresh of
 * many profiles reuses connections instead of paying a TLS handshake per request. TLS
 * verification is undici's default and is never turned off.
 */
export function createTransport(options: Partial<TransportOptions> = {}): { send: Send; close: () => Promise<void> } {
  const { timeoutMs, connectionsPerOrigin } = { ...defaultTransportOptions, ...options };
  // Loaded here, not at module load: check and diff (all a no-op `up` runs) send nothing.
  const { Agent, request: undiciRequest } = require("./undiciCore") as typeof import("./undiciCore");
  const agent = new Agent({ connections: connectionsPerOrigin, keepAliveTimeout: 10_000, pipelining: 1 });

  const send: Send = async (req: HttpRequest): Promise<HttpResponse> => {
    assertSecureUrl(req.url, req.method);
    const safeUrl = urlForMessages(req.url);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await undiciRequest(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: agent,
        signal,
      });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      return { status: res.statusCode, headers, body, attempts: 1 };
    } catch (err) {
      if (signal.aborted) throw new HttpTimeoutError({ method: req.method, url: safeUrl, timeoutMs, cause: err });
      const reason = (err as { code?: string }).code ?? (err as Error).message ?? String(err);
      const tls = [err, (err as { cause?: unknown }).cause].some((e) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test((e as { code?: string } | undefined)?.code ?? ""));
      if (tls) throw new TlsError({ method: req.method, url: safeUrl, reason, cause: err });
      throw new HttpConnectionError({ method: req.method, url: safeUrl, reason, cause: err });
    }
  };

  return { send, close: () => agent.close() };
}
