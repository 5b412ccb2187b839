import { randomBytes } from "node:crypto";
import { json, type EmulatorResponse } from "./framework";

/**
 * What every Twilio emulator route shares: server-made Sids, Twilio's error JSON, its two
 * timestamp formats and its two list-page formats (TrustHub v1 and the 2010 API).
 */
export const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A Sid as Twilio makes them: two letters naming the kind, then 32 hex digits. */
export const newSid = (prefix: string) => `${prefix}${hex(16)}`;

export function twilioError(status: number, code: number, message: string): EmulatorResponse {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** Twilio answers its own 20404 for a path it does not serve and for a Sid the caller cannot see. */
export const notFound = (path: string) => twilioError(404, 20404, `The requested resource ${path} was not found`);

export const methodNotAllowed = () => twilioError(405, 20004, "Method not allowed");

/**
 * A create without one of its required form parameters: Twilio's v1 APIs answer 20001 "Missing
 * required parameter X in the post body" (twilio/twilio-go#112, nash-md/twilio-contact-center#18).
 */
export const missingParameter = (name: string) => twilioError(400, 20001, `Missing required parameter ${name} in the post body`);

/** TrustHub's timestamps: ISO 8601 in whole seconds (twilio_trusthub_v1.json, `format: date-time`). */
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The 2010 API's timestamps: RFC 2822 in GMT (twilio_api_v2010.json, `format: date-time-rfc-2822`;
 * the docs' Address example reads "Tue, 18 Aug 2015 17:07:30 +0000").
 */
export const rfc2822Now = () => new Date().toUTCString().replace(/GMT$/, "+0000");

function pageWindow(query: URLSearchParams): { pageSize: number; page: number; offset: number; token: string | null } {
  const pageSize = Math.max(1, Math.min(Number(query.get("PageSize") ?? 50) || 50, 1000));
  const page = Number(query.get("Page") ?? 0) || 0;
  const token = query.get("PageToken");
  const offset = token ? Number(token.replace(/^P[TA]/, "")) || 0 : page * pageSize;
  return { pageSize, page, offset, token };
}

/** The filters a list was asked for, in the order given, so page links carry them. */
function pageQuery(query: URLSearchParams, filters: readonly string[], pageSize: number, page: number, token?: string): string {
  const params = new URLSearchParams();
  for (const name of filters) if (query.get(name)) params.set(name, query.get(name)!);
  params.set("PageSize", String(pageSize));
  params.set("Page", String(page));
  if (token !== undefined) params.set("PageToken", token);
  return params.toString();
}

/**
 * A TrustHub v1 list page (twilio_trusthub_v1.json, every list's `meta`): PageSize (default 50,
 * at most 1,000), Page and an opaque PageToken; meta.next_page_url is absolute, carries the
 * filters, and is null on the last page.
 */
export function v1Page<T>(items: T[], query: URLSearchParams, listUrl: string, filters: readonly string[] = []): EmulatorResponse {
  const { pageSize, page, offset, token } = pageWindow(query);
  const pageUrl = (n: number, from?: number) => `${listUrl}?${pageQuery(query, filters, pageSize, n, from === undefined ? undefined : `PT${from}`)}`;
  const next = offset + pageSize < items.length ? pageUrl(page + 1, offset + pageSize) : null;
  return json(200, {
    results: items.slice(offset, offset + pageSize),
    meta: { page, page_size: pageSize, first_page_url: pageUrl(0), previous_page_url: page > 0 ? pageUrl(page - 1, Math.max(0, offset - pageSize)) : null, url: pageUrl(page, token ? offset : undefined), next_page_url: next, key: "results" },
  });
}

/**
 * A 2010 API list page: the records under the resource's plural key beside start, end, page,
 * page_size and URIs relative to api.twilio.com (the shape twilio-node's base/Page.js reads when
 * there is no `meta`: next_page_uri made absolute with the API's domain).
 */
export function v2010Page<T>(key: string, items: T[], query: URLSearchParams, listUri: string, filters: readonly string[] = []): EmulatorResponse {
  const { pageSize, page, offset, token } = pageWindow(query);
  const pageUri = (n: number, from?: number) => `${listUri}?${pageQuery(query, filters, pageSize, n, from === undefined ? undefined : `PA${from}`)}`;
  const records = items.slice(offset, offset + pageSize);
  return json(200, {
    [key]: records,
    start: offset,
    end: Math.max(offset, offset + records.length - 1),
    page,
    page_size: pageSize,
    first_page_uri: pageUri(0),
    previous_page_uri: page > 0 ? pageUri(page - 1, Math.max(0, offset - pageSize)) : null,
    next_page_uri: offset + pageSize < items.length ? pageUri(page + 1, offset + pageSize) : null,
    uri: pageUri(page, token ? offset : undefined),
  });
}
