import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { FlatProfile } from "../../engine";
import { malformedJson } from "../../http";

/** JSON by default; XML when asked, with the element names of the API's own samples. */
export type WireFormat = "json" | "xml";

export const contentType = (format: WireFormat) => (format === "xml" ? "application/xml" : "application/json");

const XML_NAMESPACES = { "@_xmlns:xsd": "http://www.w3.org/2001/XMLSchema", "@_xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" };
const builder = new XMLBuilder({ ignoreAttributes: false, format: false, suppressEmptyNode: false });
// parseTagValue off: values stay text, so a phone number or GUID is never turned into a number.
// Values keep their whitespace: .NET's XML serializers keep it in string elements, and a password
// with a leading or trailing space must read back as written (trimmed, it read as drift, and its
// shorter trimmed form joined the redactor as a secret too short to mask).
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, removeNSPrefix: true });

/** An AccountV3 body carrying only `fields`. */
export function encodeAccount(fields: FlatProfile, format: WireFormat): string {
  if (format === "json") return JSON.stringify(fields);
  const element: Record<string, unknown> = { ...XML_NAMESPACES };
  for (const [name, value] of Object.entries(fields)) element[name] = value === null ? "" : String(value);
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ AccountV3: element })}`;
}

/** The ResponseOf… envelope, decoded the same way from either format. */
export interface Envelope {
  /** Set only when ErrorCode or ErrorReason holds text: an empty Error element is no error. */
  error?: { code: string; reason: string } | undefined;
  detail?: Record<string, unknown> | undefined;
  result?: string | undefined;
}

function envelopeFrom(root: Record<string, unknown> | undefined): Envelope {
  const error = (root?.Error ?? undefined) as { ErrorCode?: unknown; ErrorReason?: unknown } | undefined;
  const data = (root?.ResponseData ?? undefined) as { Detail?: unknown; Result?: unknown } | undefined;
  const code = error?.ErrorCode === undefined || error.ErrorCode === null ? "" : String(error.ErrorCode);
  const reason = error?.ErrorReason === undefined || error.ErrorReason === null ? "" : String(error.ErrorReason);
  return {
    error: code.trim() || reason.trim() ? { code, reason } : undefined,
    detail: data && typeof data.Detail === "object" && data.Detail !== null ? (data.Detail as Record<string, unknown>) : undefined,
    result: data?.Result === undefined || data.Result === null ? undefined : String(data.Result),
  };
}

/**
 * A body that does not parse. The message says where, never what: the parsers' own messages
 * quote the text around the fault (a tag name, a few characters), which may be a piece of a
 * secret the redactor cannot recognise cut short.
 */
export class MalformedBody extends Error {
  constructor(where: string) {
    super(where);
    this.name = "MalformedBody";
  }
}

/** Throws MalformedBody on a malformed body; the client turns it into an ApiError. */
export function decodeEnvelope(body: string, declaredType: string | undefined): Envelope {
  const text = body.trim();
  if (text === "") return {};
  const looksXml = /xml/i.test(declaredType ?? "") || text.startsWith("<");
  if (!looksXml) {
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (err) {
      throw new MalformedBody(malformedJson(err, text));
    }
    return envelopeFrom(root as Record<string, unknown>);
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw new MalformedBody(`malformed XML (${validation.err.code}) at line ${validation.err.line}, column ${validation.err.col}`);
  const doc = parser.parse(text) as Record<string, Record<string, unknown>>;
  const rootName = Object.keys(doc).find((key) => key !== "?xml");
  return envelopeFrom(rootName ? doc[rootName] : undefined);
}

