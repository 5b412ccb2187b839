import { redactor, urlForMessages } from "./redact";
import type { Middleware } from "./types";

/**
 * One line per request on stderr when PULUMI_PROFILES_DEBUG is set (read when the client is
 * built): method, path, status, time. Bodies are not logged; everything passes through the redactor all the same.
 */
export function withDebugLog(write: (line: string) => void = (line) => process.stderr.write(line + "\n"), enabled = Boolean(process.env.PULUMI_PROFILES_DEBUG)): Middleware {
  // Off (the usual case), it is not in the pipeline at all: no extra async step per request.
  if (!enabled) return (next) => next;
  return (next) => async (request) => {
    const started = Date.now();
    try {
      const response = await next(request);
      write(redactor.redact(`[pulumi-profiles] ${request.method} ${urlForMessages(request.url)} -> ${response.status} in ${Date.now() - started} ms (attempts: ${response.attempts})`));
      return response;
    } catch (err) {
      write(redactor.redact(`[pulumi-profiles] ${request.method} ${urlForMessages(request.url)} failed: ${(err as Error).message}`));
      throw err;
    }
  };
}
