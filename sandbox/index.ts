import { SandboxServer } from "./framework";
import { TwilioEmulator, type TwilioAccountCredentials } from "./twilio";
import { TwoSmsEmulator, type TwoSmsClientAccount } from "./twosms";
import { VoximplantEmulator, type VoximplantAddedAccount, type VoximplantCredentials } from "./voximplant";
import { WavixEmulator, type WavixAccount } from "./wavix";

export * from "./framework";
export { WavixEmulator, defaultWavixProfile, type WavixAccount } from "./wavix";
export { VoximplantEmulator, defaultVoximplantAccount, type VoximplantAddedAccount, type VoximplantKeyPair } from "./voximplant";
export { TwoSmsEmulator, defaultTwoSmsAccount, type TwoSmsAccountRecord, type TwoSmsClientAccount, type TwoSmsSubAccountFields } from "./twosms";
export { TwilioEmulator, SANDBOX_POLICY_SID, type TwilioAccount, type TwilioAccountCredentials, type TwilioSubaccount } from "./twilio";
export type { TwilioBundle } from "./twilioBundle";
export type { StoredAddress, StoredEndUser, StoredEntityAssignment, StoredEvaluation, StoredSupportingDocument, EvaluationResult } from "./twilioShapes";

/** One account's credentials on every API. */
export interface AccountCredentials {
  wavix: { apiKey: string };
  voximplant: { credentials: VoximplantCredentials };
  twosms: { clientId: string; clientSecret: string };
  twilio: { accountSid: string; authToken: string };
}

/**
 * Named accounts as stack config holds them for the `account` input: one object per API
 * (`twilio:accounts`, …), keyed by account name, each value what `pulumi config set --secret --path
 * '<api>:accounts.<name>.<setting>'` would store; Voximplant's credentials are the
 * credentials.json text, as its top-level setting is.
 */
export interface FleetConfig {
  "wavix:accounts": Record<string, { apiKey: string }>;
  "voximplant:accounts": Record<string, { credentials: string }>;
  "twosms:accounts": Record<string, { clientId: string; clientSecret: string }>;
  "twilio:accounts": Record<string, { accountSid: string; authToken: string }>;
}

/** One account of a fleet, added on every API: its credentials, where its writes land, and both layouts of its settings. */
export interface FleetAccount extends AccountCredentials {
  name: string;
  wavix: WavixAccount;
  voximplant: VoximplantAddedAccount;
  twosms: TwoSmsClientAccount;
  twilio: TwilioAccountCredentials;
  /** The account as each API names it: Wavix profile id, Voximplant account_id, 2sms account ID, Twilio Account SID. */
  ids: { wavix: number; voximplant: number; twosms: string; twilio: string };
  /** Its credential variables (`WAVIX_API_KEY__ACME_EU`, …); base URLs are the sandbox's `env`. */
  env: Record<string, string>;
  config: FleetConfig;
}

export interface Fleet {
  accounts: FleetAccount[];
  byName: Record<string, FleetAccount>;
  /** Every account's credential variables. */
  env: Record<string, string>;
  /** Every account's settings as stack config. */
  config: FleetConfig;
}

/** The `account` input's pattern. */
const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The provider's variables for these credentials: top-level without a name, else each
 * variable with `__` and the name upper-cased, `-` as `_` (`TWILIO_AUTH_TOKEN__ACME_EU`).
 */
export function credentialVariables(a: AccountCredentials, name?: string): Record<string, string> {
  const suffix = name === undefined ? "" : `__${name.toUpperCase().replace(/-/g, "_")}`;
  return {
    [`WAVIX_API_KEY${suffix}`]: a.wavix.apiKey,
    [`VOXIMPLANT_CREDENTIALS${suffix}`]: JSON.stringify(a.voximplant.credentials),
    [`TWOSMS_CLIENT_ID${suffix}`]: a.twosms.clientId,
    [`TWOSMS_CLIENT_SECRET${suffix}`]: a.twosms.clientSecret,
    [`TWILIO_ACCOUNT_SID${suffix}`]: a.twilio.accountSid,
    [`TWILIO_AUTH_TOKEN${suffix}`]: a.twilio.authToken,
  };
}

function accountConfig(name: string, a: AccountCredentials): FleetConfig {
  return {
    "wavix:accounts": { [name]: { apiKey: a.wavix.apiKey } },
    "voximplant:accounts": { [name]: { credentials: JSON.stringify(a.voximplant.credentials) } },
    "twosms:accounts": { [name]: { clientId: a.twosms.clientId, clientSecret: a.twosms.clientSecret } },
    "twilio:accounts": { [name]: { accountSid: a.twilio.accountSid, authToken: a.twilio.authToken } },
  };
}

function mergeConfig(configs: FleetConfig[]): FleetConfig {
  const merged: FleetConfig = { "wavix:accounts": {}, "voximplant:accounts": {}, "twosms:accounts": {}, "twilio:accounts": {} };
  for (const config of configs) for (const key of Object.keys(merged) as Array<keyof FleetConfig>) Object.assign(merged[key], config[key]);
  return merged;
}

/** Every emulator, each on its own loopback port; what the demo, the tests and `npm run sandbox` start. */
export interface Sandbox {
  wavix: { server: SandboxServer; emulator: WavixEmulator };
  voximplant: { server: SandboxServer; emulator: VoximplantEmulator };
  twosms: { server: SandboxServer; emulator: TwoSmsEmulator };
  twilio: { server: SandboxServer; emulator: TwilioEmulator };
  /** Every emulator's server by API name, for logs and narration. */
  servers: Record<string, SandboxServer>;
  /** Environment variables that point the provider at these emulators with their credentials. */
  env: Record<string, string>;
  /**
   * The same variables with the credentials of a second, unrelated account on every API (same
   * base URLs): what a stack configured for the wrong account would send.
   */
  otherEnv: Record<string, string>;
  /**
   * Adds one unrelated account per name on every API (a fleet): names follow the `account`
   * input's pattern and are new to this sandbox. Voximplant's share one key pair, so hundreds
   * are added in well under a second (VoximplantEmulator.addAccount).
   */
  addFleet(names: readonly string[]): Fleet;
  clearLogs(): void;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const wavixEmulator = new WavixEmulator();
  const wavix = await SandboxServer.start(wavixEmulator);
  const voximplantEmulator = new VoximplantEmulator();
  const voximplant = await SandboxServer.start(voximplantEmulator);
  const twosmsEmulator = new TwoSmsEmulator();
  const twosms = await SandboxServer.start(twosmsEmulator);
  const twilioEmulator = new TwilioEmulator();
  const twilio = await SandboxServer.start(twilioEmulator);
  const servers = [wavix, voximplant, twosms, twilio];
  const primary: AccountCredentials = {
    wavix: wavixEmulator,
    voximplant: voximplantEmulator,
    twosms: twosmsEmulator,
    twilio: twilioEmulator,
  };
  let otherEnv: Record<string, string> | undefined;
  const fleetNames = new Set<string>();
  const env = {
    WAVIX_BASE_URL: wavix.url,
    VOXIMPLANT_BASE_URL: voximplant.url,
    TWOSMS_BASE_URL: twosms.url,
    TWILIO_TRUSTHUB_BASE_URL: twilio.url,
    // The same emulator serves api.twilio.com's paths (Addresses) beside trusthub.twilio.com's.
    TWILIO_API_BASE_URL: twilio.url,
    ...credentialVariables(primary),
  };
  const addFleetAccount = (name: string): FleetAccount => {
    const account = {
      wavix: wavixEmulator.addAccount(),
      voximplant: voximplantEmulator.addAccount(),
      twosms: twosmsEmulator.addApiClient({ Name: `${name} Ltd` }),
      twilio: twilioEmulator.addAccount(),
    };
    const ids = { wavix: account.wavix.profile.id, voximplant: account.voximplant.account.account_id, twosms: account.twosms.account.ID, twilio: account.twilio.accountSid };
    return { name, ...account, ids, env: credentialVariables(account, name), config: accountConfig(name, account) };
  };
  return {
    wavix: { server: wavix, emulator: wavixEmulator },
    voximplant: { server: voximplant, emulator: voximplantEmulator },
    twosms: { server: twosms, emulator: twosmsEmulator },
    twilio: { server: twilio, emulator: twilioEmulator },
    servers: { wavix, voximplant, twosms, twilio },
    env,
    // Built on first use: the second Voximplant key pair is made then (see otherCredentials).
    get otherEnv() {
      otherEnv ??= {
        ...env,
        ...credentialVariables({
          wavix: { apiKey: wavixEmulator.otherApiKey },
          voximplant: { credentials: voximplantEmulator.otherCredentials },
          twosms: { clientId: twosmsEmulator.otherClientId, clientSecret: twosmsEmulator.otherClientSecret },
          twilio: { accountSid: twilioEmulator.otherAccountSid, authToken: twilioEmulator.otherAuthToken },
        }),
      };
      return otherEnv;
    },
    addFleet: (names) => {
      const invalid = names.find((name) => !ACCOUNT_NAME.test(name));
      if (invalid !== undefined) throw new Error(`fleet account name ${JSON.stringify(invalid)}: expected lowercase letters, digits and inner hyphens (${ACCOUNT_NAME.source})`);
      const taken = names.find((name, i) => fleetNames.has(name) || names.indexOf(name) !== i);
      if (taken !== undefined) throw new Error(`fleet account name ${taken} is taken in this sandbox`);
      for (const name of names) fleetNames.add(name);
      const accounts = names.map(addFleetAccount);
      return {
        accounts,
        byName: Object.fromEntries(accounts.map((a) => [a.name, a])),
        env: Object.assign({}, ...accounts.map((a) => a.env)) as Record<string, string>,
        config: mergeConfig(accounts.map((a) => a.config)),
      };
    },
    clearLogs: () => servers.forEach((s) => s.clearLog()),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
