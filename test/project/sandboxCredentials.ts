import type { RecordedRequest, Sandbox } from "../../sandbox";

export type ApiName = "wavix" | "voximplant" | "twosms" | "twilio";

export interface ConfigEntry {
  key: string;
  value: string;
  secret: boolean;
}

/** Stack config that points one API at the sandbox, as the README's settings table names it. */
export function credentialConfig(sandbox: Sandbox, api: ApiName): ConfigEntry[] {
  switch (api) {
    case "wavix":
      return [
        { key: "wavix:apiKey", value: sandbox.wavix.emulator.apiKey, secret: true },
        { key: "wavix:baseUrl", value: sandbox.wavix.server.url, secret: false },
      ];
    case "voximplant":
      return [
        { key: "voximplant:credentials", value: JSON.stringify(sandbox.voximplant.emulator.credentials), secret: true },
        { key: "voximplant:baseUrl", value: sandbox.voximplant.server.url, secret: false },
      ];
    case "twosms":
      return [
        { key: "twosms:clientId", value: sandbox.twosms.emulator.clientId, secret: false },
        { key: "twosms:clientSecret", value: sandbox.twosms.emulator.clientSecret, secret: true },
        { key: "twosms:baseUrl", value: sandbox.twosms.server.url, secret: false },
      ];
    case "twilio":
      return [
        { key: "twilio:accountSid", value: sandbox.twilio.emulator.accountSid, secret: false },
        { key: "twilio:authToken", value: sandbox.twilio.emulator.authToken, secret: true },
        { key: "twilio:trusthubBaseUrl", value: sandbox.twilio.server.url, secret: false },
        { key: "twilio:apiBaseUrl", value: sandbox.twilio.server.url, secret: false },
      ];
  }
}

/** `pulumi config set [--secret] key -- value` for each entry (`--`: a value may start with "-"). */
export function configSetArgs(entry: ConfigEntry): string[] {
  return ["config", "set", ...(entry.secret ? ["--secret"] : []), entry.key, "--", entry.value];
}

/** Reads and token requests: everything else an emulator receives changes a profile. */
function isWrite(request: RecordedRequest): boolean {
  return request.method !== "GET" && request.path !== "/Token" && !request.path.endsWith("GetAccountInfo");
}

/** The writes every emulator received since its log was last cleared, as "api METHOD path". */
export function writesReceived(sandbox: Sandbox): string[] {
  return Object.entries(sandbox.servers).flatMap(([api, server]) => server.requests.filter(isWrite).map((r) => `${api} ${r.method} ${r.path}`));
}

/** The same writes with what they carried (query and body), to check a new value went out. */
export function writeRequests(sandbox: Sandbox): RecordedRequest[] {
  return Object.values(sandbox.servers).flatMap((server) => server.requests.filter(isWrite));
}

