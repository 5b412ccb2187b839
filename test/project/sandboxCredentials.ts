import type { RecordedRequest, Sandbox } from "../../sandbox";

export type ApiName = "wavix" | "voximplant" | "twosms" | "twilio";

export interface ConfigEntry {
  key: string;
  value: string;
  secret: boolean;
  /** The key is a path into an object (`wavix:accounts.acme.apiKey`): `pulumi config set --path`. */
  path?: boolean;
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
  return ["config", "set", ...(entry.secret ? ["--secret"] : []), ...(entry.path ? ["--path"] : []), entry.key, "--", entry.value];
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

/**
 * A fleet's credential sets as the README gives them (`pulumi config set --secret --path
 * '<api>:accounts.<name>.<setting>'`): `acme` is each emulator's main account, `globex` its
 * second one; the base URLs stay top-level settings, shared by every account.
 */
export function fleetConfig(sandbox: Sandbox): ConfigEntry[] {
  const { wavix, voximplant, twilio } = sandbox;
  const sets: Record<string, Array<[string, string, boolean]>> = {
    acme: [
      ["wavix:accounts.acme.apiKey", wavix.emulator.apiKey, true],
      ["voximplant:accounts.acme.credentials", JSON.stringify(voximplant.emulator.credentials), true],
      ["twilio:accounts.acme.accountSid", twilio.emulator.accountSid, false],
      ["twilio:accounts.acme.authToken", twilio.emulator.authToken, true],
    ],
    globex: [
      ["wavix:accounts.globex.apiKey", wavix.emulator.otherApiKey, true],
      ["voximplant:accounts.globex.credentials", JSON.stringify(voximplant.emulator.otherCredentials), true],
      ["twilio:accounts.globex.accountSid", twilio.emulator.otherAccountSid, false],
      ["twilio:accounts.globex.authToken", twilio.emulator.otherAuthToken, true],
    ],
  };
  const baseUrls = (["wavix", "voximplant", "twilio"] as const).flatMap((api) => credentialConfig(sandbox, api).filter((entry) => /baseUrl|BaseUrl/.test(entry.key)));
  return [...baseUrls, ...Object.values(sets).flat().map(([key, value, secret]) => ({ key, value, secret, path: true }))];
}
