import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter } from "../../provider/engine/registry";
import { SANDBOX_POLICY_SID } from "../../sandbox";
import { sandboxPerTest } from "../support/fixtures";

/**
 * Many accounts in one deployment: each profile's `account` picks its credential set, each write
 * lands in that account, and moving a profile between accounts follows the ownership rules
 * (README "Fleets"). One lifecycle stands for one provider process, driven in the engine's order
 * (creates and updates before the deletes of replaced resources).
 */
const sandbox = sandboxPerTest();
type Props = Record<string, unknown>;

/** acme is the sandbox's main account, beta the second one; acme-too is acme's key under a second name. */
function fleetEnv(): Record<string, string> {
  const { wavix, twilio } = sandbox;
  return {
    WAVIX_BASE_URL: sandbox.env.WAVIX_BASE_URL!,
    WAVIX_API_KEY__ACME: wavix.emulator.apiKey,
    WAVIX_API_KEY__ACME_TOO: wavix.emulator.apiKey,
    WAVIX_API_KEY__BETA: wavix.emulator.otherApiKey,
    TWILIO_TRUSTHUB_BASE_URL: sandbox.env.TWILIO_TRUSTHUB_BASE_URL!,
    TWILIO_API_BASE_URL: sandbox.env.TWILIO_API_BASE_URL!,
    TWILIO_ACCOUNT_SID__ACME: twilio.emulator.accountSid,
    TWILIO_AUTH_TOKEN__ACME: twilio.emulator.authToken,
    TWILIO_ACCOUNT_SID__ACME_TOO: twilio.emulator.accountSid,
    TWILIO_AUTH_TOKEN__ACME_TOO: twilio.emulator.authToken,
    TWILIO_ACCOUNT_SID__BETA: twilio.emulator.otherAccountSid,
    TWILIO_AUTH_TOKEN__BETA: twilio.emulator.otherAuthToken,
  };
}

function process(api: string, config: Record<string, string> = {}, env: Record<string, string> = {}): ProfileLifecycle {
  const lifecycle = new ProfileLifecycle(loadAdapter(api));
  lifecycle.configure({ get: (key) => config[key] }, { ...fleetEnv(), ...env });
  return lifecycle;
}

async function create(lifecycle: ProfileLifecycle, inputs: Props): Promise<{ id: string; outs: Props }> {
  const checked = await lifecycle.check({}, inputs);
  expect(checked.failures).toEqual([]);
  return lifecycle.create(checked.inputs);
}

/**
 * A resource made with `from`, then what the engine runs for a program naming `to`, another
 * account: a diff that replaces, the new resource's create, the old one's delete (each deployment
 * its own provider process).
 */
async function moveAccount(api: string, from: Props, to: Props, env: Record<string, string> = {}): Promise<{ old: { id: string; outs: Props }; made: { id: string; outs: Props } }> {
  const old = await create(process(api, {}, env), from);
  const next = process(api, {}, env);
  expect(await next.diff(old.id, old.outs, to)).toEqual({ changes: true, replaces: ["account"] });
  const made = await next.create(to);
  await next.delete(old.id, old.outs);
  return { old, made };
}

const FLEET_PROFILE = { __owner: "t", FriendlyName: "Fleet", Email: "c@fleet.example", PolicySid: SANDBOX_POLICY_SID };

const wavixKeys = () => sandbox.servers.wavix!.requests.map((r) => `${r.method} ${r.headers.authorization === `Bearer ${sandbox.wavix.emulator.apiKey}` ? "acme" : "beta"}`);

describe("profiles of several accounts in one deployment", () => {
  it("each profile is read and written with its own account's key, and lands in that account", async () => {
    const lifecycle = process("wavix");
    await create(lifecycle, { __owner: "a", account: "acme", first_name: "Acme" });
    await create(lifecycle, { __owner: "b", account: "beta", first_name: "Beta" });
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Acme");
    expect(sandbox.wavix.emulator.otherProfile.first_name).toBe("Beta");
    expect(wavixKeys()).toEqual(["GET acme", "PUT acme", "GET beta", "PUT beta"]);
  });

  it("stack config's accounts object serves as well as the environment", async () => {
    const config = { "wavix:accounts": JSON.stringify({ gamma: { apiKey: sandbox.wavix.emulator.otherApiKey } }) };
    await create(process("wavix", config), { __owner: "g", account: "gamma", first_name: "From config" });
    expect(sandbox.wavix.emulator.otherProfile.first_name).toBe("From config");
  });

  it("an account without credentials fails naming its setting, and sends nothing (never the top-level key)", async () => {
    const lifecycle = new ProfileLifecycle(loadAdapter("wavix"));
    lifecycle.configure({ get: () => undefined }, { ...fleetEnv(), WAVIX_API_KEY: sandbox.wavix.emulator.apiKey });
    await expect(create(lifecycle, { __owner: "d", account: "delta", first_name: "x" })).rejects.toThrow(/wavix:accounts\.delta\.apiKey for account "delta".*WAVIX_API_KEY__DELTA/);
    expect(sandbox.servers.wavix!.requests).toEqual([]);
  });

  it("an API's refusal names the account", async () => {
    sandbox.wavix.emulator.accounts.delete(sandbox.wavix.emulator.otherApiKey);
    await expect(create(process("wavix"), { __owner: "b", account: "beta", first_name: "x" })).rejects.toThrow(/^Wavix \(account "beta"\) read profile failed: HTTP 401/);
  });

  it("check refuses an account name that cannot be a config key or variable suffix", async () => {
    const checked = await process("wavix").check({}, { account: "Acme_EU", first_name: "x" });
    expect(checked.failures.map((f) => f.property)).toEqual(["account"]);
  });

  it("two resources naming one account's profile are refused, also when the account has two names", async () => {
    const lifecycle = process("wavix");
    expect((await lifecycle.check({}, { __owner: "a", account: "acme", first_name: "A" })).failures).toEqual([]);
    expect((await lifecycle.check({}, { __owner: "b", account: "acme", first_name: "B" })).failures[0]?.reason).toMatch(/"a" and "b" both name the Wavix Profile of account acme/);
    const fresh = process("wavix");
    await create(fresh, { __owner: "a", account: "acme", first_name: "A" });
    sandbox.clearLogs();
    await expect(create(fresh, { __owner: "c", account: "acme-too", first_name: "C" })).rejects.toThrow(/"a" and "c" both name the Wavix Profile of account/);
    expect(wavixKeys()).toEqual(["GET acme"]);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("A");
  });
});

describe("moving a profile to another account", () => {
  it("is a replace; the old account's profile meets the new program's fate with the old account's key", async () => {
    const lifecycle = process("wavix");
    const before = sandbox.wavix.emulator.profile.first_name;
    const old = await create(lifecycle, { __owner: "p", account: "acme", first_name: "Moved", restoreOnDelete: true });
    const next = process("wavix");
    const news = { __owner: "p", account: "beta", first_name: "Moved", restoreOnDelete: true };
    expect(await next.diff(old.id, old.outs, news)).toEqual({ changes: true, replaces: ["account"] });
    await next.create(news);
    await next.delete(old.id, old.outs);
    expect(sandbox.wavix.emulator.otherProfile.first_name).toBe("Moved");
    expect(sandbox.wavix.emulator.profile.first_name).toBe(before);
  });

  it("to a second name of the same account, the old resource's restore writes nothing over the new one", async () => {
    const old = await create(process("wavix"), { __owner: "p", account: "acme", first_name: "Kept", restoreOnDelete: true });
    const next = process("wavix");
    const news = { __owner: "p", account: "acme-too", first_name: "Kept", restoreOnDelete: true };
    expect(await next.diff(old.id, old.outs, news)).toEqual({ changes: true, replaces: ["account"] });
    await next.create(news);
    sandbox.clearLogs();
    await next.delete(old.id, old.outs);
    expect(sandbox.servers.wavix!.requests).toEqual([]);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Kept");
  });

  // Found by the identity matrix's account columns (test/e2e/IDENTITY-MATRIX.md): the replace's
  // create makes a new object whenever the program gives no sid, even where the new name reaches
  // the very object the stack holds; the old one is then deleted as created by the stack.
  it("a Twilio profile the stack created, moved to a second name of its account, stays the one object: nothing made, nothing deleted", async () => {
    const { old, made } = await moveAccount("twilio", { ...FLEET_PROFILE, account: "acme" }, { ...FLEET_PROFILE, account: "acme-too" });
    expect(made.id).toBe(old.id);
    // The only write: the stack's own create at acme.
    expect(sandbox.servers.twilio!.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/CustomerProfiles"]);
    expect(sandbox.twilio.emulator.profiles.has(old.id)).toBe(true);
  });

  // The same handover (the top-level settings to an account of the same credentials, or a second
  // name): the new resource adopts the object as it is now, the stack's values, and records those
  // as the values to restore; the old resource, which remembered the true ones, is released.
  it("moved from the top-level settings to an account of the same credentials, a profile still restores on destroy what it held before the stack", async () => {
    const before = sandbox.wavix.emulator.profile.first_name;
    const top = { WAVIX_API_KEY: sandbox.wavix.emulator.apiKey };
    const inputs = { __owner: "p", first_name: "Migrated", restoreOnDelete: true };
    const { made: moved } = await moveAccount("wavix", inputs, { ...inputs, account: "acme" }, top);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Migrated");
    await process("wavix", {}, top).delete(moved.id, moved.outs);
    expect(sandbox.wavix.emulator.profile.first_name).toBe(before);
  });

  it("a Twilio profile the stack created is made in the new account and deleted from the old one", async () => {
    const { old, made } = await moveAccount("twilio", { ...FLEET_PROFILE, account: "acme" }, { ...FLEET_PROFILE, account: "beta" });
    const { profiles, otherAccountSid } = sandbox.twilio.emulator;
    expect(profiles.has(old.id)).toBe(false);
    expect(profiles.get(made.id)?.account_sid).toBe(otherAccountSid);
  });

  it("refresh and destroy use the account state records, not the top-level settings", async () => {
    const lifecycle = process("wavix");
    const made = await create(lifecycle, { __owner: "b", account: "beta", first_name: "Beta", restoreOnDelete: true });
    sandbox.wavix.emulator.otherProfile.first_name = "Changed in the portal";
    const later = process("wavix");
    const read = await later.read(made.id, made.outs);
    expect(read.inputs).toMatchObject({ account: "beta", first_name: "Changed in the portal" });
    expect(wavixKeys().slice(-1)).toEqual(["GET beta"]);
  });
});
