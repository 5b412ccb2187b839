import { startSandbox, type Sandbox } from "../../sandbox";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe("startSandbox's second account", () => {
  it("otherEnv names the same variables and base URLs as env, with every credential another account's", () => {
    const { env, otherEnv } = sandbox;
    expect(Object.keys(otherEnv)).toEqual(Object.keys(env));
    for (const name of Object.keys(env)) {
      if (name.endsWith("_BASE_URL")) expect({ name, value: otherEnv[name] }).toEqual({ name, value: env[name] });
      else expect({ name, differs: otherEnv[name] !== env[name] }).toEqual({ name, differs: true });
    }
    expect(otherEnv).toMatchObject({
      WAVIX_API_KEY: sandbox.wavix.emulator.otherApiKey,
      TWOSMS_CLIENT_ID: sandbox.twosms.emulator.otherClientId,
      TWOSMS_CLIENT_SECRET: sandbox.twosms.emulator.otherClientSecret,
      TWILIO_ACCOUNT_SID: sandbox.twilio.emulator.otherAccountSid,
      TWILIO_AUTH_TOKEN: sandbox.twilio.emulator.otherAuthToken,
    });
    expect(JSON.parse(otherEnv.VOXIMPLANT_CREDENTIALS!)).toEqual(sandbox.voximplant.emulator.otherCredentials);
    expect(JSON.parse(otherEnv.VOXIMPLANT_CREDENTIALS!).account_id).toBe(sandbox.voximplant.emulator.otherAccount.account_id);
  });

  it("is the same object on every read, so its Voximplant key is made once", () => {
    expect(sandbox.otherEnv).toBe(sandbox.otherEnv);
    expect(sandbox.voximplant.emulator.otherCredentials).toBe(sandbox.voximplant.emulator.otherCredentials);
  });
});
