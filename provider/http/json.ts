import { BadBodyError } from "./errors";
import { urlForMessages } from "./redact";
import type { HttpRequest, HttpResponse } from "./types";

/**
 * Where JSON is malformed, without any of its text: V8's message quotes the text around the
 * fault, which may be a piece of a secret, cut short where the redactor cannot recognise it.
 */
export function malformedJson(err: unknown, text: string): string {
  const at = /at position (\d+)/.exec((err as Error).message)?.[1];
  return at === undefined ? `malformed JSON of ${text.length} characters` : `malformed JSON at character ${at} of ${text.length}`;
}

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
      reason: malformedJson(err, response.body),
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
