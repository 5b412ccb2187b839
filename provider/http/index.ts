import { pauseAccountOnTooManyRequests } from "./accountPause";
import { withDebugLog } from "./debugLog";
import { refuseRedirects } from "./redirects";
import { withRetry } from "./retry";
import { defaultRetryPolicy, type RetryPolicy } from "./retryPolicy";
import { createTransport, type TransportOptions } from "./transport";
import { compose, type Middleware, type Send } from "./types";

export * from "./errors";
export * from "./types";
export { credentialPairForms, MIN_SECRET_LENGTH, redactor, Redactor, secretForms, urlForMessages } from "./redact";
export { defaultRetryPolicy, type RetryPolicy } from "./retryPolicy";

export interface HttpClientOptions extends Partial<TransportOptions> {
  retry?: RetryPolicy;
  /** Applied innermost, so auth headers are re-computed on each retry (a token may expire between). */
  auth?: Middleware;
}

export interface HttpClient {
  send: Send;
  close: () => Promise<void>;
}

/**
 * The one client every API folder uses: debug log → retry → the account's 429 pause → auth →
 * redirect refusal → undici. One client per account: its own connection pool (which bounds the
 * account's concurrent requests), its own token, its own pause.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const transport = createTransport(options);
  const retry = options.retry ?? defaultRetryPolicy;
  const layers: Middleware[] = [withDebugLog(), withRetry(retry), pauseAccountOnTooManyRequests(retry)];
  if (options.auth) layers.push(options.auth);
  layers.push(refuseRedirects());
  return { send: compose(transport.send, ...layers), close: transport.close };
}
export { malformedJson, readJson, readJsonIfAny } from "./json";
