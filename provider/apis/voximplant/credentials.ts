import { readFileSync } from "node:fs";
import { ConfigurationError, type Settings } from "../../engine";
import { MIN_SECRET_LENGTH, redactor } from "../../http";
import { credentialsSchema, type ServiceAccountCredentials } from "./schema";

export const credentialsSetting = { config: "voximplant:credentials", env: "VOXIMPLANT_CREDENTIALS", secret: true } as const;

const refused = (settings: Settings, problem: string) => new ConfigurationError(settings.nameOf(credentialsSetting), `${settings.nameOf(credentialsSetting)}: ${problem}`);

/**
 * Text derived from the setting (decoded, read from a file) is as secret as the setting itself,
 * and joins the redactor before anything can fail. A piece too short to hold key material is
 * left out: registered, it would withhold every later message that happens to contain it.
 */
function registerSecret(...forms: string[]): void {
  redactor.add(...forms.filter((form) => form.trim().length >= MIN_SECRET_LENGTH));
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The text base64 stands for, in either alphabet, padded or not; `compact` has no line breaks (`base64` wraps at 76). */
function fromBase64(compact: string): string | undefined {
  return BASE64.test(compact) ? Buffer.from(compact, "base64").toString("utf8") : undefined;
}

/**
 * The JSON of credentials.json, from the three forms CI passes it in: the contents, its base64
 * (a CI variable that cannot hold newlines), or a path to the file. The value is never echoed,
 * not even as a path: when it is none of these, it may be a key mangled by the pipeline.
 */
function credentialsJson(settings: Settings, value: string): { text: string; from: string } {
  if (value.startsWith("{")) return { text: value, from: "the value" };
  const compact = value.replace(/\s+/g, "");
  const decoded = fromBase64(compact);
  if (decoded?.trimStart().startsWith("{")) {
    registerSecret(compact, decoded, decoded.trim());
    return { text: decoded, from: "its base64 decodes to text that" };
  }
  let contents: string;
  try {
    contents = readFileSync(value, "utf8");
  } catch (err) {
    throw refused(settings, `is neither the JSON of credentials.json, its base64, nor a readable file path (as a path: ${(err as NodeJS.ErrnoException).code ?? "unreadable"})`);
  }
  registerSecret(contents, contents.trim());
  return { text: contents, from: "the file it names" };
}

/**
 * The service account's credentials.json. Malformed input is a configuration error that names
 * the setting and the problem, never the key material: a JSON parser's own message would quote
 * the text around the fault.
 */
export function loadCredentials(settings: Settings): ServiceAccountCredentials {
  const { text, from } = credentialsJson(settings, settings.require(credentialsSetting));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refused(settings, `${from} is not valid JSON (expected the JSON of a Voximplant service-account credentials.json)`);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refused(settings, `${issue.path.join(".") || "credentials"}: ${issue.message}`);
  }
  registerSecret(parsed.data.private_key, ...parsed.data.private_key.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----")));
  return parsed.data;
}
