import { FOREIGN_PATH_PREFIX, type Sandbox } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

/**
 * A profile belongs to the account recorded when the stack took it, and "gone" is believed only
 * from the API itself: credentials of another account and a base URL that is not the API's
 * fail refresh and destroy, and write nothing anywhere (README "Who owns a profile").
 */
const sandbox = sandboxPerTest();

type Inputs = Record<string, unknown>;
interface AccountCase {
  api: string;
  baseUrlVariable: string;
  baseUrlSetting: string;
  inputs(s: Sandbox): Inputs;
  /** The second account's value of the field the stack sets, which nothing may change. */
  otherValue(s: Sandbox): unknown;
}

const CASES: AccountCase[] = [
  { api: "wavix", baseUrlVariable: "WAVIX_BASE_URL", baseUrlSetting: "wavix:baseUrl", inputs: () => ({ first_name: "Set by stack", restoreOnDelete: true }), otherValue: (s) => s.wavix.emulator.otherProfile.first_name },
  { api: "voximplant", baseUrlVariable: "VOXIMPLANT_BASE_URL", baseUrlSetting: "voximplant:baseUrl", inputs: () => ({ account_first_name: "Set by stack", restoreOnDelete: true }), otherValue: (s) => s.voximplant.emulator.otherAccount.account_first_name },
  { api: "twosms", baseUrlVariable: "TWOSMS_BASE_URL", baseUrlSetting: "twosms:baseUrl", inputs: () => ({ Name: "Set by stack", SMSPassword: "Sms-Passw0rd", restoreOnDelete: true }), otherValue: (s) => s.twosms.emulator.otherAccount.Name },
  {
    api: "twilio",
    baseUrlVariable: "TWILIO_TRUSTHUB_BASE_URL",
    baseUrlSetting: "twilio:trusthubBaseUrl",
    inputs: (s) => ({ sid: s.twilio.emulator.seed({ friendly_name: "Before" }).sid, FriendlyName: "Set by stack", restoreOnDelete: true }),
    otherValue: (s) => [...s.twilio.emulator.profiles.values()].filter((p) => p.account_sid === s.twilio.emulator.otherAccountSid).length,
  },
];

/** The same stack state, driven by a provider process with other settings. */
function withEnv(d: ProfileDriver, api: string, env: Record<string, string>): ProfileDriver {
  const next = new ProfileDriver(api, env);
  Object.assign(next, { id: d.id, state: d.state, inputs: d.inputs });
  return next;
}

const writesTo = (s: Sandbox, api: string) => s.servers[api]!.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/Token") && !r.path.endsWith("/GetAccountInfo"));

describe.each(CASES)("$api", (c) => {
  it("refresh and destroy with credentials of another account fail, and nothing in either account is written", async () => {
    const d = new ProfileDriver(c.api, sandbox.env);
    await d.up(c.inputs(sandbox));
    const before = c.otherValue(sandbox);
    const state = d.state;
    sandbox.clearLogs();
    const other = withEnv(d, c.api, sandbox.otherEnv);
    await expect(other.refresh()).rejects.toThrow(/account/);
    expect(other.state).toBe(state);
    await expect(withEnv(d, c.api, sandbox.otherEnv).destroy()).rejects.toThrow(/account|401|not authorised/i);
    expect(writesTo(sandbox, c.api)).toEqual([]);
    expect(c.otherValue(sandbox)).toEqual(before);
    // The right credentials still work: the stack was not changed.
    await withEnv(d, c.api, sandbox.env).refresh();
  });

  it("refresh and destroy against a base URL that is not the API's fail naming the setting, and keep the profile", async () => {
    const d = new ProfileDriver(c.api, sandbox.env);
    await d.up(c.inputs(sandbox));
    const wrong = { ...sandbox.env, [c.baseUrlVariable]: `${sandbox.servers[c.api]!.url}${FOREIGN_PATH_PREFIX}` };
    sandbox.clearLogs();
    await expect(withEnv(d, c.api, wrong).refresh()).rejects.toThrow(c.baseUrlSetting);
    await expect(withEnv(d, c.api, wrong).destroy()).rejects.toThrow(c.baseUrlSetting);
    expect(sandbox.servers[c.api]!.requests.some((r) => r.path.startsWith(FOREIGN_PATH_PREFIX))).toBe(true);
    expect(writesTo(sandbox, c.api)).toEqual([]);
  });
});

describe("Twilio: which account an API key acts for", () => {
  const created = { FriendlyName: "Made", Email: "m@acme.example", PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5" };
  const keyEnv = (accountSid?: string) => {
    const key = sandbox.twilio.emulator.issueApiKey();
    const { TWILIO_ACCOUNT_SID: _sid, TWILIO_AUTH_TOKEN: _token, ...rest } = sandbox.env;
    return { ...rest, TWILIO_API_KEY: key.sid, TWILIO_API_SECRET: key.secret, ...(accountSid ? { TWILIO_ACCOUNT_SID: accountSid } : {}) };
  };

  it("a profile deleted behind the stack's back is dropped once the key's listed profiles show the recorded account", async () => {
    sandbox.twilio.emulator.seed({ friendly_name: "Another of ours" });
    const d = new ProfileDriver("twilio", keyEnv());
    await d.up(created);
    sandbox.twilio.emulator.profiles.delete(d.id!);
    await d.refresh();
    expect(d.state).toBeUndefined();
  });

  it("with no profile listed and no twilio:accountSid, the account cannot be told: refresh fails saying what to set", async () => {
    const d = new ProfileDriver("twilio", sandbox.env);
    await d.up(created);
    sandbox.twilio.emulator.profiles.delete(d.id!);
    await expect(withEnv(d, "twilio", keyEnv()).refresh()).rejects.toThrow(/twilio:accountSid/);
    await withEnv(d, "twilio", keyEnv(sandbox.twilio.emulator.accountSid)).refresh();
  });

  it("a twilio:accountSid that disagrees with the account the key lists is refused", async () => {
    sandbox.twilio.emulator.seed({ friendly_name: "Listed" });
    const d = new ProfileDriver("twilio", sandbox.env);
    await d.up(created);
    sandbox.twilio.emulator.profiles.delete(d.id!);
    await expect(withEnv(d, "twilio", keyEnv(sandbox.twilio.emulator.otherAccountSid)).refresh()).rejects.toThrow(/lists profiles of account/);
  });
});

it("Wavix: an update with another account's key is refused before the PUT", async () => {
  const d = new ProfileDriver("wavix", sandbox.env);
  await d.up({ first_name: "Set by stack" });
  sandbox.clearLogs();
  await expect(withEnv(d, "wavix", sandbox.otherEnv).up({ first_name: "Changed" })).rejects.toThrow(/account 2, but Profile profile belongs to account 1/);
  expect(sandbox.wavix.server.log({ method: "PUT" })).toEqual([]);
});
