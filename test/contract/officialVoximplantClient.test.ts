import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import VoximplantApiClient from "@voximplant/apiclient-nodejs";
import { signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";
import { CLOCK_SKEW_S, type VoximplantCredentials } from "../../sandbox/voximplant";
import { sandboxPerTest } from "../support/fixtures";

/**
 * Voximplant's own Node client (@voximplant/apiclient-nodejs 4.11.0), unchanged, against the
 * emulator: `POST /platform_api` as multipart/form-data with `cmd`, its own JWT
 * (exp = iat + 64). The client always calls https://<host>; only the transport is pointed at
 * the emulator, through the axios instance the client itself imports.
 */
jest.setTimeout(60_000);

const sandbox = sandboxPerTest();
const HOST = "api.voximplant.com";

// The very axios module the client requires (0.21.x), found from the client's own directory.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const clientAxios = require(require.resolve("axios", { paths: [dirname(require.resolve("@voximplant/apiclient-nodejs"))] })) as {
  interceptors: { request: { use(f: (c: { url?: string }) => unknown): number; eject(id: number): void } };
};
let interceptor: number;
beforeEach(() => {
  interceptor = clientAxios.interceptors.request.use((config) => ({ ...config, url: config.url?.replace(`https://${HOST}`, sandbox.voximplant.server.url) }));
});
afterEach(() => clientAxios.interceptors.request.eject(interceptor));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pp-vox-client-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A ready client reading credentials.json from disk, as the vendor's README shows. */
async function officialClient(credentials: VoximplantCredentials = sandbox.voximplant.emulator.credentials): Promise<VoximplantApiClient> {
  const file = join(dir, `credentials-${credentials.key_id}.json`);
  writeFileSync(file, JSON.stringify(credentials));
  return new Promise((resolve) => {
    const client = new VoximplantApiClient({ pathToCredentials: file, host: HOST });
    client.onReady = () => resolve(client);
  });
}

describe("the official Voximplant client against the emulator", () => {
  it("GetAccountInfo: multipart POST /platform_api with cmd, answered with AccountInfoType", async () => {
    const client = await officialClient();
    const info = await client.Accounts.getAccountInfo({});
    expect(info.error).toBeUndefined();
    expect(info.result).toMatchObject({ accountId: 3456750, accountEmail: "ivan123@example.com", languageCode: "en", location: "Europe/Moscow", accountNotifications: true });
    expect(info.apiAddress).toBe("api-node1.voximplant.com");
    const [sent] = sandbox.voximplant.server.requests;
    expect(sent).toMatchObject({ method: "POST", path: "/platform_api" });
    expect(sent!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent!.body).toMatch(/name="cmd"\r\n\r\nGetAccountInfo\r\n/);
    const claims = JSON.parse(Buffer.from(sent!.headers.authorization!.split(".")[1]!, "base64url").toString("utf8"));
    expect(claims.exp - claims.iat).toBe(64);
  });

  it("SetAccountInfo: every form field applied, read back through GetAccountInfo", async () => {
    const client = await officialClient();
    const set = await client.Accounts.setAccountInfo({
      languageCode: "de",
      accountFirstName: "Iván",
      minBalanceToNotify: 12.5,
      sendJsError: true,
      billingAddressCountryCode: "DE",
      callbackUrl: "https://hooks.example.com/vox",
      callbackSalt: "pepper-1",
    });
    expect(set).toEqual({ result: 1 });
    expect(sandbox.voximplant.emulator.account).toMatchObject({ language_code: "de", account_first_name: "Iván", min_balance_to_notify: 12.5, send_js_error: true, billing_address_country_code: "DE", callback_url: "https://hooks.example.com/vox", callback_salt: "pepper-1" });
    const info = await client.Accounts.getAccountInfo({});
    expect(info.result).toMatchObject({ languageCode: "de", accountFirstName: "Iván", minBalanceToNotify: 12.5, callbackUrl: "https://hooks.example.com/vox", callbackSalt: "pepper-1" });
  });

  it.each([
    [{ languageCode: "xx1" }, 202, /language_code/],
    // Two letters, yet not in SetAccountInfo's documented lists: the shape alone is not the rule.
    [{ languageCode: "xx" }, 202, /language_code/],
    [{ billingAddressCountryCode: "ZZZ" }, 204, /billing_address_country_code/],
    [{ billingAddressCountryCode: "ZZ" }, 204, /billing_address_country_code/],
    [{ billingAddressCountryCode: "HK" }, 204, /billing_address_country_code/],
    [{ newAccountPassword: "Short1!" }, 464, /8 characters/],
    [{ newAccountPassword: "NoSpecial123" }, 523, /too weak/],
    [{ callbackUrl: "hooks" }, 398, /callback_url/],
    [{ accountFirstName: "a".repeat(50) }, 163, /account_first_name/],
    [{ billingAddressZip: "1".repeat(30) }, 207, /billing_address_zip/],
    [{ newAccountEmail: "not-an-email" }, 136, /email/i],
    [{ minBalanceToNotify: -5 }, 125, /money/i],
    [{ callbackSalt: "s".repeat(40) }, 399, /callback_salt/],
  ])("SetAccountInfo %j answers the documented error code %i", async (request, code, msg) => {
    const client = await officialClient();
    const before = structuredClone(sandbox.voximplant.emulator.account);
    const answer = await client.Accounts.setAccountInfo(request);
    expect(answer.error).toEqual({ code, msg: expect.stringMatching(msg) });
    expect(sandbox.voximplant.emulator.account).toEqual(before);
  });

  it("answers code 100 to a key the account does not know, and 103 to a command it does not serve", async () => {
    const stranger = { ...sandbox.voximplant.emulator.credentials, key_id: "0".repeat(32) };
    const refused = await (await officialClient(stranger)).Accounts.getAccountInfo({});
    expect(refused.error).toEqual({ code: 100, msg: expect.stringMatching(/unknown key id/) });
    const unknown = await (await officialClient()).Applications.getApplications({});
    expect(unknown.error).toEqual({ code: 103, msg: "Unknown command" });
  });
});

describe("the Voximplant emulator serves every request style the real API does", () => {
  const now = () => Math.floor(Date.now() / 1000);
  /** A JWT with exactly these claims (signServiceAccountJwt backdates iat by 5 s, so it is given now = iat + 5). */
  const token = (iat = now(), exp = iat + 64) => `Bearer ${signServiceAccountJwt({ ...sandbox.voximplant.emulator.credentials }, iat + 5, exp - iat - 5)}`;
  const send = (path: string, init: RequestInit & { auth?: string } = {}) =>
    fetch(`${sandbox.voximplant.server.url}${path}`, { ...init, headers: { authorization: init.auth ?? token(), ...(init.headers as Record<string, string>) } }).then((r) => r.json() as Promise<{ result?: unknown; error?: { code: number; msg: string } }>);

  it("GET with a query string, the method in the path", async () => {
    const answer = await send("/platform_api/GetAccountInfo/?return_live_balance=false");
    expect(answer.result).toMatchObject({ account_id: 3456750 });
  });

  it("POST with parameters in the query (the provider, the Python client's params=)", async () => {
    expect(await send("/platform_api?cmd=SetAccountInfo&language_code=fr", { method: "POST" })).toEqual({ result: 1 });
    expect(sandbox.voximplant.emulator.account.language_code).toBe("fr");
  });

  it("POST with an urlencoded body, merged with the query: secrets can stay out of the URL", async () => {
    const body = new URLSearchParams({ callback_salt: "pepper-in-body", language_code: "es" });
    expect(await send("/platform_api/SetAccountInfo?account_first_name=Pablo", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } })).toEqual({ result: 1 });
    expect(sandbox.voximplant.emulator.account).toMatchObject({ account_first_name: "Pablo", language_code: "es", callback_salt: "pepper-in-body" });
    expect(sandbox.voximplant.server.requests[0]!.query).toEqual({ account_first_name: "Pablo" });
  });

  it("POST with a JSON body, as the docs.voximplant.ai snippets send", async () => {
    expect(await send("/platform_api/SetAccountInfo", { method: "POST", body: JSON.stringify({ send_js_error: true }), headers: { "content-type": "application/json" } })).toEqual({ result: 1 });
    expect(sandbox.voximplant.emulator.account.send_js_error).toBe(true);
  });

  it("without a method in the path or cmd: code 102", async () => {
    expect((await send("/platform_api", { method: "POST" })).error).toEqual({ code: 102, msg: "Missing 'cmd' parameter" });
  });

  it("tolerates a signer's clock a little ahead or behind, as vendor clients need, and no more", async () => {
    const ahead = now() + CLOCK_SKEW_S - 5;
    expect((await send("/platform_api/GetAccountInfo", { auth: token(ahead) })).result).toBeDefined();
    // The Python client's own shape: iat = now − 5, exp = now + 24.
    expect((await send("/platform_api/GetAccountInfo", { auth: token(now() - 5, now() + 24) })).result).toBeDefined();
    const lateBy = now() - 64 - (CLOCK_SKEW_S - 5);
    expect((await send("/platform_api/GetAccountInfo", { auth: token(lateBy) })).result).toBeDefined();
    expect((await send("/platform_api/GetAccountInfo", { auth: token(now() + CLOCK_SKEW_S + 60) })).error).toEqual({ code: 100, msg: expect.stringMatching(/before iat/) });
    expect((await send("/platform_api/GetAccountInfo", { auth: token(now() - 64 - CLOCK_SKEW_S - 60) })).error).toEqual({ code: 100, msg: expect.stringMatching(/expired/) });
  });
});
