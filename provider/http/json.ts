import { BadBodyError } from "./errors";
import { urlForMessages } from "./redact";
import type { HttpRequest, HttpResponse } from "./types";

/** Decodes a JSON body; a malformed one becomes a typed BadBodyError, never a bare SyntaxError. */
export function readJson(request: HttpRequest, response: HttpResponse): unknown {
  if (response.body.trim() === "") return undefined;
  try {
    return JSON.parse(response.body);
  } catch (err) {
    throw new BadBodyError({
      method: request.method,
      url: urlForMessages(request.url),
      status: response.status,
      reason: (err as Error).message,
      attempts: response.attempts,
    });
  }
}

/** For error answers: their body helps the message when it parses, and is ignored when it does not. */
export function readJsonIfAny(request: HttpRequest, response: HttpResponse): unknown {
  try {
    return readJson(request, response);
  } catch {
    return undefined;
  }
}
