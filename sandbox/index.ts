import { SandboxServer } from "./framework";
import { TwilioEmulator } from "./twilio";
import { TwoSmsEmulator } from "./twosms";
import { VoximplantEmulator } from "./voximplant";
import { WavixEmulator } from "./wavix";

export * from "./framework";
export { WavixEmulator, defaultWavixProfile } from "./wavix";
export { VoximplantEmulator, defaultVoximplantAccount } from "./voximplant";
export { TwoSmsEmulator, defaultTwoSmsAccount, type TwoSmsAccountRecord } from "./twosms";
export { TwilioEmulator, SANDBOX_POLICY_SID, type TwilioAccount } from "./twilio";
export type { TwilioBundle } from "./twilioBundle";
export type { StoredAddress, StoredEndUser, StoredEntityAssignment, StoredEvaluation, StoredSupportingDocument, EvaluationResult } from "./twilioShapes";

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
  let otherEnv: Record<string, string> | undefined;
  return {
    wavix: { server: wavix, emulator: wavixEmulator },
    voximplant: { server: voximplant, emulator: voximplantEmulator },
    twosms: { server: twosms, emulator: twosmsEmulator },
    twilio: { server: twilio, emulator: twilioEmulator },
    servers: { wavix, voximplant, twosms, twilio },
    env: {
      WAVIX_BASE_URL: wavix.url,
      WAVIX_API_KEY: wavixEmulator.apiKey,
      VOXIMPLANT_BASE_URL: voximplant.url,
      VOXIMPLANT_CREDENTIALS: JSON.stringify(voximplantEmulator.credentials),
      TWOSMS_BASE_URL: twosms.url,
      TWOSMS_CLIENT_ID: twosmsEmulator.clientId,
      TWOSMS_CLIENT_SECRET: twosmsEmulator.clientSecret,
      TWILIO_TRUSTHUB_BASE_URL: twilio.url,
      // The same emulator serves api.twilio.com's paths (Addresses) beside trusthub.twilio.com's.
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: twilioEmulator.accountSid,
      TWILIO_AUTH_TOKEN: twilioEmulator.authToken,
    },
    // Built on first use: the second Voximplant key pair is made then (see otherCredentials).
    get otherEnv() {
      otherEnv ??= {
        WAVIX_BASE_URL: wavix.url,
        WAVIX_API_KEY: wavixEmulator.otherApiKey,
        VOXIMPLANT_BASE_URL: voximplant.url,
        VOXIMPLANT_CREDENTIALS: JSON.stringify(voximplantEmulator.otherCredentials),
        TWOSMS_BASE_URL: twosms.url,
        TWOSMS_CLIENT_ID: twosmsEmulator.otherClientId,
        TWOSMS_CLIENT_SECRET: twosmsEmulator.otherClientSecret,
        TWILIO_TRUSTHUB_BASE_URL: twilio.url,
        TWILIO_API_BASE_URL: twilio.url,
        TWILIO_ACCOUNT_SID: twilioEmulator.otherAccountSid,
        TWILIO_AUTH_TOKEN: twilioEmulator.otherAuthToken,
      };
      return otherEnv;
    },
    clearLogs: () => servers.forEach((s) => s.clearLog()),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
