import { readFileSync } from "node:fs";
import { ConfigurationError, type Settings } from "../../engine";
import { redactor } from "../../http";
import { credentialsSchema, type ServiceAccountCredentials } from "./schema";

export const credentialsSetting = { config: "voximplant:credentials", env: "VOXIMPLANT_CREDENTIALS", secret: true } as const;

/**
 * The service account's credentials.json, given either as its contents (JSON, as a secret in
 * stack config) or as a path to the file. Malformed input is a configuration error that names
 * the setting and the problem, never the key material.
 */
export function loadCredentials(settings: Settings): ServiceAccountCredentials {
  const raw = settings.require(credentialsSetting).trim();
  let text = raw;
  if (!raw.startsWith("{")) {
    try {
      text = readFileSync(raw, "utf8");
    } catch (err) {
      throw new ConfigurationError(credentialsSetting.config, `${credentialsSetting.config}: cannot read credentials file ${raw}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigurationError(credentialsSetting.config, `${credentialsSetting.config}: expected the JSON of a Voximplant service-account credentials.json`);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigurationError(credentialsSetting.config, `${credentialsSetting.config}: ${issue.path.join(".") || "credentials"}: ${issue.message}`);
  }
  redactor.add(parsed.data.private_key, ...parsed.data.private_key.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----")));
  return parsed.data;
}
