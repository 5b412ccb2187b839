import type { EmulatorRequest } from "./framework";

/**
 * The parameters of one Voximplant `platform_api` request, from wherever the caller put them:
 * the query string (the provider, and the Python client's `requests.post(params=…)`), a
 * `multipart/form-data` body (the Node client: `form-data` with a `cmd` field,
 * voximplant/apiclient-nodejs src/index.ts `makeRequest`), an urlencoded body (third-party code
 * and a POST that keeps secrets out of the URL), or JSON (the docs.voximplant.ai snippets).
 * Query and body are merged; a body value wins over the same name in the query.
 */
export function platformApiParams(req: EmulatorRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  for (const [name, value] of bodyParams(req)) params.set(name, value);
  return params;
}

function bodyParams(req: EmulatorRequest): Array<[string, string]> {
  const type = req.headers["content-type"] ?? "";
  if (req.body === "") return [];
  if (/application\/x-www-form-urlencoded/i.test(type)) return [...new URLSearchParams(req.body)];
  if (/multipart\/form-data/i.test(type)) return multipartFields(req.body, type);
  if (/application\/json/i.test(type)) return jsonFields(req.body);
  return [];
}

function jsonFields(body: string): Array<[string, string]> {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return [];
    return Object.entries(parsed).map(([name, value]) => [name, typeof value === "string" ? value : JSON.stringify(value)]);
  } catch {
    return [];
  }
}

/** RFC 7578 text fields: `--boundary`, part headers, blank line, value, up to the next boundary. */
export function multipartFields(body: string, contentType: string): Array<[string, string]> {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i);
  const delimiter = boundary?.[1] ?? boundary?.[2];
  if (!delimiter) return [];
  const fields: Array<[string, string]> = [];
  for (const part of body.split(`--${delimiter}`).slice(1)) {
    if (part.startsWith("--")) break;
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const name = part.slice(0, headerEnd).match(/content-disposition:[^\r\n]*\bname="([^"]*)"/i)?.[1];
    if (name === undefined) continue;
    // The value runs to the CRLF that precedes the next delimiter.
    fields.push([name, part.slice(headerEnd + 4).replace(/\r\n$/, "")]);
  }
  return fields;
}
