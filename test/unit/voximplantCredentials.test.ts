import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCredentials } from "../../provider/apis/voximplant/credentials";
import { ConfigurationError, Settings } from "../../provider/engine";
import { redactor, secretForms } from "../../provider/http";

/**
 * VOXIMPLANT_CREDENTIALS arrives in CI as credentials.json's contents, a path to the file, or its
 * base64 (often with the trailing newline `base64` prints, or wrapped at 76 columns). Every form
 * loads, and no failure prints any form of what was given: not the value, not its decoded text,
 * not the file's contents, not the key.
 */
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const credentials = { account_id: 3456750, key_id: "b1a3c2d4-key", private_key: privateKey };
const json = JSON.stringify(credentials, null, 2);
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const wrapped = (text: string) => base64(text).replace(/.{76}/g, "$&\n");

const dir = mkdtempSync(join(tmpdir(), "voximplant-credentials-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, contents: string) => {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
};

const load = (value: string) => loadCredentials(new Settings({ get: () => undefined }, { VOXIMPLANT_CREDENTIALS: value }));
const failureOf = (value: string): ConfigurationError => {
  try {
    load(value);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    return err as ConfigurationError;
  }
  throw new Error("expected the credentials to be refused");
};

/** The secrets, trimmed, and their long lines, each in every form the redactor knows, found in `text`. */
function formsIn(text: string, secrets: string[]): string[] {
  const pieces = new Set(secrets.flatMap((s) => [s, s.trim(), ...s.split("\n").filter((line) => line.length >= 16)]));
  return [...pieces].flatMap((piece) => {
    const found = [...secretForms(piece)].filter(([, form]) => text.includes(form)).map(([name]) => name);
    return found.length > 0 ? [`${JSON.stringify(piece.slice(0, 12))}… as ${found.join(", ")}`] : [];
  });
}

describe("Voximplant credentials", () => {
  it.each([
    ["the JSON contents", () => json],
    ["a path to credentials.json", () => file("credentials.json", json)],
    ["base64 with the trailing newline `base64` prints", () => `${base64(json)}\n`],
    ["base64 wrapped at 76 columns", () => `${wrapped(json)}\n`],
    ["url-safe base64 without padding", () => Buffer.from(json).toString("base64url")],
    ["the JSON contents with a trailing newline", () => `${json}\n`],
  ])("load from %s", (_form, value) => {
    expect(load(value())).toEqual(credentials);
  });

  it("every form of the credentials is masked once loaded: as given, decoded, the key and its lines", () => {
    const given = `${wrapped(json)}\n`;
    load(given);
    const keyLine = privateKey.split("\n")[1]!;
    for (const form of [given, given.trim(), given.replace(/\s/g, ""), json, privateKey, keyLine]) {
      expect(redactor.redact(`<${form}>`)).toBe("<[redacted]>");
    }
  });

  const { private_key: _, ...withoutKey } = credentials;
  const notPem = { ...credentials, private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" };
  const truncated = json.slice(0, json.length / 2);
  it.each([
    ["truncated JSON", () => truncated, [truncated], /voximplant:credentials: the value is not valid JSON/],
    ["base64 of truncated JSON, with a newline", () => `${base64(truncated)}\n`, [base64(truncated), truncated], /voximplant:credentials: its base64 decodes to text that is not valid JSON/],
    ["a file of truncated JSON", () => file("truncated.json", truncated), [truncated], /voximplant:credentials: the file it names is not valid JSON/],
    ["base64 of something other than JSON", () => `${base64(privateKey)}\n`, [base64(privateKey), privateKey], /is neither the JSON of credentials\.json, its base64, nor a readable file path/],
    ["text that is neither base64 nor a path", () => `key: ${privateKey}`, [privateKey], /is neither the JSON of credentials\.json, its base64, nor a readable file path/],
    ["a path that does not exist", () => join(dir, "missing", "credentials.json"), [join(dir, "missing")], /is neither .* readable file path \(as a path: ENOENT\)/],
    ["a directory", () => dir, [dir], /\(as a path: EISDIR\)/],
    ["JSON without private_key", () => JSON.stringify(withoutKey), [JSON.stringify(withoutKey)], /voximplant:credentials: private_key: /],
    ["base64 of JSON without private_key", () => `${base64(JSON.stringify(withoutKey))}\n`, [base64(JSON.stringify(withoutKey))], /voximplant:credentials: private_key: /],
    ["a private_key that is not PEM", () => base64(JSON.stringify(notPem)), [base64(JSON.stringify(notPem)), notPem.private_key], /private_key: expected a PEM private key/],
  ])("refuse %s, naming the problem and printing none of it", (_case, value, secrets, message) => {
    const given = value();
    const error = failureOf(given);
    expect(formsIn(error.message, [given, ...secrets])).toEqual([]);
    // Nothing was masked either: the message never quoted the value in the first place.
    expect(error.message).not.toContain("[redacted]");
    expect(error.setting).toBe("voximplant:credentials");
    expect(error.message).toMatch(message);
  });
});
