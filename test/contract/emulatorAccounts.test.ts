import { generateKeyPairSync, randomUUID } from "node:crypto";
import { signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";
import { credentialVariables, SANDBOX_POLICY_SID, type FleetAccount, type Sandbox } from "../../sandbox";
import type { VoximplantCredentials } from "../../sandbox/voximplant";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";
import { officialTwilioClient } from "../support/twilioClient";

/**
 * Every emulator serves many accounts, each with credentials and data of its own, over real
 * HTTP: one account's credentials never read or write another's data (each API refusing in its
 * own envelope), except a Twilio parent acting for its subaccount where Twilio documents it.
 */
jest.setTimeout(60_000);

const sandbox = sandboxPerTest();

/** The sandbox's settings with one fleet account's credentials at the top level. */
const envOf = (account: FleetAccount) => ({ ...sandbox.env, ...credentialVariables(account) });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const writesOf = (api: keyof Sandbox["servers"]) => sandbox.servers[api]!.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/Token") && !r.path.endsWith("/GetAccountInfo"));

describe("addFleet", () => {
  it("gives each name an account of its own on every API, in both layouts the provider reads", () => {
    const fleet = sandbox.addFleet(["acme-eu", "beta"]);
    const acme = fleet.byName["acme-eu"]!;
    expect(fleet.accounts.map((a) => a.name)).toEqual(["acme-eu", "beta"]);
    expect(acme.env).toEqual({
      WAVIX_API_KEY__ACME_EU: acme.wavix.apiKey,
      VOXIMPLANT_CREDENTIALS__ACME_EU: JSON.stringify(acme.voximplant.credentials),
      TWOSMS_CLIENT_ID__ACME_EU: acme.twosms.clientId,
      TWOSMS_CLIENT_SECRET__ACME_EU: acme.twosms.clientSecret,
      TWILIO_ACCOUNT_SID__ACME_EU: acme.twilio.accountSid,
      TWILIO_AUTH_TOKEN__ACME_EU: acme.twilio.authToken,
    });
    expect(acme.config).toEqual({
      "wavix:accounts": { "acme-eu": { apiKey: acme.wavix.apiKey } },
      "voximplant:accounts": { "acme-eu": { credentials: JSON.stringify(acme.voximplant.credentials) } },
      "twosms:accounts": { "acme-eu": { clientId: acme.twosms.clientId, clientSecret: acme.twosms.clientSecret } },
      "twilio:accounts": { "acme-eu": { accountSid: acme.twilio.accountSid, authToken: acme.twilio.authToken } },
    });
    expect(fleet.env).toEqual({ ...acme.env, ...fleet.byName.beta!.env });
    expect(Object.keys(fleet.config["twilio:accounts"])).toEqual(["acme-eu", "beta"]);
    expect(acme.ids).toEqual({ wavix: acme.wavix.profile.id, voximplant: acme.voximplant.credentials.account_id, twosms: acme.twosms.account.ID, twilio: acme.twilio.accountSid });

    const { wavix, voximplant, twosms, twilio } = sandbox;
    const idsOf = (api: keyof FleetAccount["ids"]) => new Set([...fleet.accounts.map((a) => a.ids[api])]);
    expect(idsOf("wavix")).not.toContain(wavix.emulator.profile.id);
    expect(idsOf("wavix")).not.toContain(wavix.emulator.otherProfile.id);
    expect(idsOf("voximplant")).not.toContain(voximplant.emulator.account.account_id);
    expect(idsOf("voximplant")).not.toContain(voximplant.emulator.otherAccount.account_id);
    expect(idsOf("twosms")).not.toContain(twosms.emulator.account.ID);
    expect(idsOf("twilio")).not.toContain(twilio.emulator.accountSid);
    for (const api of ["wavix", "voximplant", "twosms", "twilio"] as const) expect(idsOf(api).size).toBe(2);
  });

  it("refuses names outside the account input's pattern and names already taken, adding nothing", () => {
    sandbox.addFleet(["taken"]);
    const before = sandbox.wavix.emulator.accounts.size;
    expect(() => sandbox.addFleet(["fine", "Acme"])).toThrow(/fleet account name "Acme"/);
    expect(() => sandbox.addFleet(["trailing-"])).toThrow(/fleet account name "trailing-"/);
    expect(() => sandbox.addFleet(["twice", "twice"])).toThrow(/twice is taken/);
    expect(() => sandbox.addFleet(["taken"])).toThrow(/taken is taken/);
    expect(sandbox.wavix.emulator.accounts.size).toBe(before);
    expect(sandbox.addFleet(["fine", "twice"]).accounts).toHaveLength(2);
  });

  // How fast the emulators take a fleet is the bench's to measure (bench/fleet.ts), not a test's:
  // a timing bound here failed CI while the Pulumi CLI was building beside it.
  it("adds 500 accounts and serves each its own among 10,000 profiles", async () => {
    const names = Array.from({ length: 500 }, (_, i) => `tenant-${i}`);
    const fleet = sandbox.addFleet(names);

    const { twilio, twosms } = sandbox;
    const branches = fleet.accounts.map((account) =>
      Array.from({ length: 20 }, (_, i) => {
        twilio.emulator.seed({ friendly_name: `${account.name} profile ${i}` }, { account: account.twilio.accountSid });
        return twosms.emulator.addSubAccount(account.ids.twosms, { Name: `${account.name} branch ${i}` });
      }),
    );

    const last = fleet.byName["tenant-499"]!;
    const listed = await officialTwilioClient(twilio.server.url, last.twilio.accountSid, last.twilio.authToken).trusthub.v1.customerProfiles.list();
    expect(listed.map((p) => p.friendlyName).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `tenant-499 profile ${i}`).sort());
    const token = await twosmsToken(last.twosms.clientId, last.twosms.clientSecret);
    expect(await twosmsAccount(token, "v1")).toMatchObject({ status: 200, body: { ResponseData: { Detail: { ID: last.ids.twosms } } } });
    expect(await twosmsAccount(token, branches[499]![19]!.ID)).toMatchObject({ status: 200, body: { ResponseData: { Detail: { Name: "tenant-499 branch 19" } } } });
    expect(await twosmsAccount(token, branches[0]![0]!.ID)).toMatchObject({ status: 401 });
  });
});

describe("Wavix: a key per account", () => {
  const readAs = async (key: string) => {
    const answer = await fetch(`${sandbox.wavix.server.url}/v1/profile`, { headers: { authorization: `Bearer ${key}` } });
    return { status: answer.status, body: (await answer.json()) as { id?: number } };
  };

  it("each added key reads its own profile, an unknown key gets Wavix's 401, and a stack with one key writes only that profile", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    expect(await readAs(a.wavix.apiKey)).toEqual({ status: 200, body: expect.objectContaining({ id: a.ids.wavix }) });
    expect(await readAs(b.wavix.apiKey)).toEqual({ status: 200, body: expect.objectContaining({ id: b.ids.wavix }) });
    expect(await readAs("wvx_not-a-key")).toEqual({ status: 401, body: { success: false, error: true, message: "Unauthenticated. Check your API key." } });

    const untouched = structuredClone([b.wavix.profile, sandbox.wavix.emulator.profile, sandbox.wavix.emulator.otherProfile]);
    await new ProfileDriver("wavix", envOf(a)).up({ first_name: "Alpha" });
    expect(writesOf("wavix").map((r) => r.headers.authorization)).toEqual([`Bearer ${a.wavix.apiKey}`]);
    expect(a.wavix.profile.first_name).toBe("Alpha");
    expect([b.wavix.profile, sandbox.wavix.emulator.profile, sandbox.wavix.emulator.otherProfile]).toEqual(untouched);
  });
});

describe("Voximplant: an account id and key id per account", () => {
  const bearer = (credentials: VoximplantCredentials) => `Bearer ${signServiceAccountJwt({ ...credentials }, Math.floor(Date.now() / 1000))}`;
  const accountInfo = async (authorization: string) =>
    (await (await fetch(`${sandbox.voximplant.server.url}/platform_api/GetAccountInfo`, { method: "POST", headers: { authorization } })).json()) as { result?: { account_id: number }; error?: unknown };

  it("GetAccountInfo answers each added account's own, and a stack with its credentials sets only that account", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    expect((await accountInfo(bearer(a.voximplant.credentials))).result).toMatchObject({ account_id: a.ids.voximplant, account_email: a.voximplant.account.account_email });
    expect((await accountInfo(bearer(b.voximplant.credentials))).result).toMatchObject({ account_id: b.ids.voximplant });

    const untouched = structuredClone([b.voximplant.account, sandbox.voximplant.emulator.account, sandbox.voximplant.emulator.otherAccount]);
    await new ProfileDriver("voximplant", envOf(a)).up({ language_code: "de" });
    const [write] = writesOf("voximplant");
    expect(JSON.parse(Buffer.from(write!.headers.authorization!.split(" ")[1]!.split(".")[0]!, "base64url").toString()).kid).toBe(a.voximplant.credentials.key_id);
    expect(a.voximplant.account.language_code).toBe("de");
    expect([b.voximplant.account, sandbox.voximplant.emulator.account, sandbox.voximplant.emulator.otherAccount]).toEqual(untouched);
  });

  it("a token must name its own key's account: another account's id as iss is refused, shared key pair or not", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    // Bulk accounts share one key pair (addAccount): key ids and accounts are still their own.
    expect(a.voximplant.credentials.private_key).toBe(b.voximplant.credentials.private_key);
    expect(a.voximplant.credentials.key_id).not.toBe(b.voximplant.credentials.key_id);
    expect(await accountInfo(bearer({ ...a.voximplant.credentials, account_id: b.ids.voximplant }))).toEqual({ error: { msg: "Authorization failed: iss is not the key's account", code: 100 } });
  });

  it("accounts given key pairs of their own cannot sign for each other", async () => {
    const pair = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
    const c = sandbox.voximplant.emulator.addAccount({}, { keyPair: pair() });
    const d = sandbox.voximplant.emulator.addAccount({}, { keyPair: pair() });
    expect((await accountInfo(bearer(d.credentials))).result).toMatchObject({ account_id: d.account.account_id });
    expect(await accountInfo(bearer({ ...d.credentials, private_key: c.credentials.private_key }))).toEqual({ error: { msg: "Authorization failed: invalid signature", code: 100 } });
  });
});

async function twosmsToken(clientId: string, clientSecret: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString();
  const answer = await fetch(`${sandbox.twosms.server.url}/Token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  return ((await answer.json()) as { access_token: string }).access_token;
}

/** `api/v1/admin/accounts` (the signed-in client's account), or `api/v2/admin/accounts/{id}`. */
async function twosmsAccount(token: string, which: "v1" | string) {
  const path = which === "v1" ? "/api/v1/admin/accounts" : `/api/v2/admin/accounts/${which}`;
  const answer = await fetch(`${sandbox.twosms.server.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  return { status: answer.status, body: (await answer.json()) as { Error: unknown; ResponseData: { Identification: { UserId: string }; Detail: { ID: string; AccountID: string } } | null } };
}

describe("2sms: an API client per company, its subaccounts by id", () => {
  const refused = { status: 401, body: { Error: { ErrorCode: "Unauthorised", ErrorReason: "You are not authorised to access this account" }, ResponseData: null } };

  it("each client signs in as its own company: api/v1/admin/accounts answers that account", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    for (const account of [a, b]) {
      const own = await twosmsAccount(await twosmsToken(account.twosms.clientId, account.twosms.clientSecret), "v1");
      expect(own).toMatchObject({ status: 200, body: { ResponseData: { Identification: { UserId: account.ids.twosms }, Detail: { ID: account.ids.twosms, Name: account.twosms.account.Name } } } });
    }
    expect(a.twosms.account.AccountID).not.toBe(b.twosms.account.AccountID);
  });

  it("a client reaches its subaccounts and theirs by id; another client gets the 401 of an id that exists nowhere", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    const branch = sandbox.twosms.emulator.addSubAccount(a.ids.twosms, { Name: "A branch" });
    const desk = sandbox.twosms.emulator.addSubAccount(branch.ID, { Name: "A branch desk" });
    expect(branch.AccountID).toBe(a.ids.twosms);
    const tokenA = await twosmsToken(a.twosms.clientId, a.twosms.clientSecret);
    expect(await twosmsAccount(tokenA, branch.ID)).toMatchObject({ status: 200, body: { ResponseData: { Detail: { ID: branch.ID, AccountID: a.ids.twosms } } } });
    expect(await twosmsAccount(tokenA, desk.ID.toUpperCase())).toMatchObject({ status: 200, body: { ResponseData: { Detail: { ID: desk.ID } } } });
    expect(await twosmsAccount(tokenA, b.ids.twosms)).toEqual(refused);

    const tokenB = await twosmsToken(b.twosms.clientId, b.twosms.clientSecret);
    for (const id of [branch.ID, desk.ID, a.ids.twosms, sandbox.twosms.emulator.account.ID, randomUUID()]) expect(await twosmsAccount(tokenB, id)).toEqual(refused);
    expect(() => sandbox.twosms.emulator.addSubAccount(randomUUID())).toThrow(/does not exist/);
  });

  it("a stack with one client's credentials writes its account and its subaccount, and cannot write another's", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    const branch = sandbox.twosms.emulator.addSubAccount(a.ids.twosms, { Name: "A branch" });
    const untouched = structuredClone([b.twosms.account, sandbox.twosms.emulator.account, sandbox.twosms.emulator.otherAccount]);
    await new ProfileDriver("twosms", envOf(a)).up({ Name: "A Renamed", SMSPassword: "a-secret-1" });
    await new ProfileDriver("twosms", envOf(a)).up({ accountId: branch.ID, Name: "A Branch Renamed", SMSPassword: "a-secret-2" });
    expect(writesOf("twosms").map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /api/v2/admin/accounts/${a.ids.twosms}`, `PUT /api/v2/admin/accounts/${branch.ID}`]);
    expect([a.twosms.account.Name, branch.Name]).toEqual(["A Renamed", "A Branch Renamed"]);

    const branchBefore = structuredClone(branch);
    const error = await failure(new ProfileDriver("twosms", envOf(b)).up({ accountId: branch.ID, Name: "Hijacked", SMSPassword: "b-secret-1" }));
    expect(String(error)).toMatch(/HTTP 401/);
    expect(branch).toEqual(branchBefore);
    expect([b.twosms.account, sandbox.twosms.emulator.account, sandbox.twosms.emulator.otherAccount]).toEqual(untouched);
  });
});

describe("Twilio: accounts, and a parent acting for its subaccounts", () => {
  const url = () => sandbox.twilio.server.url;
  const client = (username: string, password: string, accountSid?: string) => officialTwilioClient(url(), username, password, accountSid ? { accountSid } : {});
  const address = { customerName: "Acme, Inc.", street: "1234 Market St", city: "San Francisco", region: "CA", postalCode: "12345", isoCountry: "US" };
  const authenticate = { status: 401, code: 20003 };

  it("each account sees only its own objects; another account's sid answers 20404", async () => {
    const [a, b] = sandbox.addFleet(["a", "b"]).accounts as [FleetAccount, FleetAccount];
    const clientA = client(a.twilio.accountSid, a.twilio.authToken);
    const clientB = client(b.twilio.accountSid, b.twilio.authToken);
    const made = await clientA.trusthub.v1.customerProfiles.create({ friendlyName: "A profile", email: "a@acme.example", policySid: SANDBOX_POLICY_SID });
    expect(made.accountSid).toBe(a.ids.twilio);
    await clientA.api.v2010.account.addresses.create(address);
    expect(await clientB.trusthub.v1.customerProfiles.list()).toEqual([]);
    expect(await clientB.api.v2010.account.addresses.list()).toEqual([]);
    expect(await failure(clientB.trusthub.v1.customerProfiles(made.sid).update({ friendlyName: "Taken" }))).toMatchObject({ status: 404, code: 20404 });
    expect(await failure(client(b.twilio.accountSid, b.twilio.authToken, a.ids.twilio).api.v2010.account.addresses.list())).toMatchObject(authenticate);
    expect(sandbox.twilio.emulator.profiles.get(made.sid)!.friendly_name).toBe("A profile");
  });

  it("a parent's SID and Auth Token act for its subaccount on the 2010 API, the helper library's third parameter naming it", async () => {
    const [parent] = sandbox.addFleet(["parent"]).accounts as [FleetAccount];
    const sub = sandbox.twilio.emulator.addSubaccount(parent.ids.twilio);
    const created = await client(parent.twilio.accountSid, parent.twilio.authToken, sub.accountSid).api.v2010.account.addresses.create(address);
    expect(created.accountSid).toBe(sub.accountSid);
    const [sent] = sandbox.twilio.server.log({ method: "POST" });
    expect(sent!.path).toBe(`/2010-04-01/Accounts/${sub.accountSid}/Addresses.json`);
    expect(sent!.headers.authorization).toBe(`Basic ${Buffer.from(`${parent.twilio.accountSid}:${parent.twilio.authToken}`).toString("base64")}`);
    expect((await client(sub.accountSid, sub.authToken).api.v2010.account.addresses.list()).map((a) => a.sid)).toEqual([created.sid]);
    expect(await client(parent.twilio.accountSid, parent.twilio.authToken).api.v2010.account.addresses.list()).toEqual([]);
  });

  it("on TrustHub a parent's credentials act for the parent alone; the subaccount takes its own, and the parent's token under its SID is refused", async () => {
    const [parent] = sandbox.addFleet(["parent"]).accounts as [FleetAccount];
    const sub = sandbox.twilio.emulator.addSubaccount(parent.ids.twilio);
    const subProfile = sandbox.twilio.emulator.seed({ friendly_name: "Sub profile" }, { account: sub.accountSid });
    const parentProfile = sandbox.twilio.emulator.seed({ friendly_name: "Parent profile" }, { account: parent.twilio.accountSid });

    const asParent = await client(parent.twilio.accountSid, parent.twilio.authToken, sub.accountSid).trusthub.v1.customerProfiles.list();
    expect(asParent.map((p) => p.sid)).toEqual([parentProfile.sid]);
    expect(await failure(client(parent.twilio.accountSid, parent.twilio.authToken).trusthub.v1.customerProfiles(subProfile.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await failure(client(sub.accountSid, parent.twilio.authToken).trusthub.v1.customerProfiles.list())).toMatchObject(authenticate);
    expect((await client(sub.accountSid, sub.authToken).trusthub.v1.customerProfiles.list()).map((p) => p.sid)).toEqual([subProfile.sid]);
  });

  it("a subaccount's credentials reach neither its parent nor a sibling, and neither a parent's API key nor another account reaches a subaccount", async () => {
    const [parent, stranger] = sandbox.addFleet(["parent", "stranger"]).accounts as [FleetAccount, FleetAccount];
    const emulator = sandbox.twilio.emulator;
    const [one, two] = [emulator.addSubaccount(parent.ids.twilio), emulator.addSubaccount(parent.ids.twilio)];
    const addresses = (username: string, password: string, accountSid: string) => client(username, password, accountSid).api.v2010.account.addresses.list();
    expect(await failure(addresses(one.accountSid, one.authToken, parent.ids.twilio))).toMatchObject(authenticate);
    expect(await failure(addresses(one.accountSid, one.authToken, two.accountSid))).toMatchObject(authenticate);
    expect(await failure(addresses(stranger.twilio.accountSid, stranger.twilio.authToken, one.accountSid))).toMatchObject(authenticate);
    const key = emulator.issueApiKey(undefined, parent.ids.twilio);
    expect(await addresses(key.sid, key.secret, parent.ids.twilio)).toEqual([]);
    expect(await failure(addresses(key.sid, key.secret, one.accountSid))).toMatchObject(authenticate);
    expect(() => emulator.addSubaccount(one.accountSid)).toThrow(/a subaccount has no subaccounts/);
    expect(writesOf("twilio")).toEqual([]);
  });
});
