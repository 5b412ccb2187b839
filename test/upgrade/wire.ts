import { XMLParser } from "fast-xml-parser";
import type { RecordedRequest, Sandbox } from "../../sandbox";
import { flatten } from "../../provider/engine/fields";

/**
 * What the emulators were asked to change, decoded from the wire whatever the request style
 * (JSON, XML, query string, form, multipart), so an upgrade test can say "one write, carrying
 * exactly these fields" without knowing how the current client encodes it.
 */
export interface SentChange {
  api: string;
  kind: "create" | "write" | "delete";
  path: string;
  /** Request names, flattened (`company_info.name`), values as text. */
  fields: Record<string, string>;
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

const asText = (fields: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value === null || value === undefined ? "" : String(value)]));

function multipartFields(body: string, contentType: string): Record<string, string> {
  const boundary = contentType.match(/boundary=("?)([^";]+)\1/i)?.[2];
  if (!boundary) return {};
  const out: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const name = part.match(/name="([^"]+)"/)?.[1];
    const value = part.split(/\r?\n\r?\n/).slice(1).join("\n\n").replace(/\r?\n$/, "");
    if (name) out[name] = value;
  }
  return out;
}

/** Every parameter of a request: query string and body, by its content type. */
function bodyFields(request: RecordedRequest): Record<string, string> {
  const type = request.headers["content-type"] ?? "";
  if (request.body === "") return {};
  if (/json/i.test(type)) return asText(flatten(JSON.parse(request.body) as Record<string, unknown>));
  if (/xml/i.test(type)) {
    const doc = xml.parse(request.body) as Record<string, unknown>;
    const root = Object.entries(doc).find(([key]) => key !== "?xml")?.[1];
    return asText(typeof root === "object" && root !== null ? (root as Record<string, unknown>) : {});
  }
  if (/multipart\/form-data/i.test(type)) return multipartFields(request.body, type);
  return Object.fromEntries(new URLSearchParams(request.body));
}

function decode(api: string, request: RecordedRequest): SentChange | undefined {
  const fields = { ...request.query, ...bodyFields(request) };
  switch (api) {
    case "wavix":
      return request.method === "GET" ? undefined : { api, kind: "write", path: request.path, fields };
    case "voximplant": {
      const method = request.path.match(/^\/platform_api\/([A-Za-z]+)/)?.[1] ?? fields.cmd;
      if (method !== "SetAccountInfo") return undefined;
      const { cmd: _cmd, ...params } = fields;
      return { api, kind: "write", path: request.path, fields: params };
    }
    case "twosms":
      return request.method === "PUT" ? { api, kind: "write", path: request.path, fields } : undefined;
    case "twilio":
      if (request.method === "DELETE") return { api, kind: "delete", path: request.path, fields: {} };
      if (request.method !== "POST") return undefined;
      return { api, kind: request.path === "/v1/CustomerProfiles" ? "create" : "write", path: request.path, fields };
    default:
      throw new Error(`no wire decoder for ${api}`);
  }
}

/** Every change any emulator received since its log was last cleared, in arrival order per API. */
export function changesSent(sandbox: Sandbox): SentChange[] {
  return Object.entries(sandbox.servers).flatMap(([api, server]) => server.requests.flatMap((request) => decode(api, request) ?? []));
}
