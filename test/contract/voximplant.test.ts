import { signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";
import { FOREIGN_PATH_PREFIX } from "../../sandbox";
import type { VoximplantCredentials } from "../../sandbox/voximplant";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

const server = () => sandbox.voximplant.server;
const writes = () => server().log({ path: "/platform_api/SetAccountInfo" });
const driver = (env = sandbox.env) => new ProfileDriver("voximplant", env);
const bearer = (credentials: VoximplantCredentials) => `Bearer ${signServiceAccountJwt({ ...credentials }, Math.floor(Date.now() / 1000))}`;

describe("Voximplant account info against the emulator", () => {
  it("adopts a matching account with one GetAccountInfo and no SetAccountInfo", async () => {
    const a = sandbox.voximplant.emulator.account;
    await driver().up({ new_account_email: a.account_email, language_code: a.language_code, min_balance_to_notify: a.min_balance_to_notify, news_notifications: true });
    expect(server().requests.map((r) => r.path)).toEqual(["/platform_api/GetAccountInfo"]);
  });

  it("sends exactly the changed parameters in the query string, booleans and doubles as the API expects", async () => {
    const d = driver();
    await d.up({ language_code: "en", send_js_error: false, min_balance_to_notify: 300 });
    sandbox.clearLogs();
    await d.up({ language_code: "de", send_js_error: true, min_balance_to_notify: 12.5 });
    expect(writes()).toHaveLength(1);
    expect(writes()[0]!.method).toBe("POST");
    expect(writes()[0]!.query).toEqual({ language_code: "de", send_js_error: "true", min_balance_to_notify: "12.5" });
    expect(writes()[0]!.body).toBe("");
    expect(sandbox.voximplant.emulator.account).toMatchObject({ language_code: "de", send_js_error: true, min_balance_to_notify: 12.5 });
  });

  it("maps account_email back to new_account_email and reports drift after one read", async () => {
    const d = driver();
    await d.up({ new_account_email: "ops@example.com" });
    sandbox.voximplant.emulator.account.account_email = "someone-else@example.com";
    sandbox.clearLogs();
    await d.refresh();
    expect(server().requests).toHaveLength(1);
    expect(d.inputs).toEqual({ new_account_email: "someone-else@example.com" });
    expect(await d.preview({ new_account_email: "ops@example.com" })).toBe(true);
  });

  it("treats the password as write-only: applied once, compared with what was last applied", async () => {
    const d = driver();
    await d.up({ new_account_password: "Correct-Horse-9" });
    // Secrets travel in the form body of the same POST, never in the URL.
    expect(writes()[0]!.query).toEqual({});
    expect(Object.fromEntries(new URLSearchParams(writes()[0]!.body))).toEqual({ new_account_password: "Correct-Horse-9" });
    await d.refresh();
    sandbox.clearLogs();
    expect((await d.up({ new_account_password: "Correct-Horse-9" })).changed).toBe(false);
    await d.up({ new_account_password: "Correct-Horse-10" });
    expect(writes().map((w) => Object.fromEntries(new URLSearchParams(w.body)))).toEqual([{ new_account_password: "Correct-Horse-10" }]);
    expect(d.state!.originals).not.toHaveProperty("new_account_password");
  });

  it("reads callback_salt back (AccountInfoType): a matching salt adopts with no write, a changed one shows as drift", async () => {
    sandbox.voximplant.emulator.account.callback_salt = "pepper-1";
    const d = driver();
    await d.up({ callback_salt: "pepper-1" });
    expect(writes()).toHaveLength(0);
    sandbox.voximplant.emulator.account.callback_salt = "pepper-changed-in-panel";
    await d.refresh();
    expect(d.inputs).toEqual({ callback_salt: "pepper-changed-in-panel" });
    expect(await d.preview({ callback_salt: "pepper-1" })).toBe(true);
    await d.up({ callback_salt: "pepper-1" });
    expect(writes().map((w) => [w.query, Object.fromEntries(new URLSearchParams(w.body))])).toEqual([[{}, { callback_salt: "pepper-1" }]]);
    // Secret: never remembered as an original to restore.
    expect(d.state!.originals).not.toHaveProperty("callback_salt");
  });

  it("keeps the salt last applied when an answer leaves it out, so refresh reports no drift", async () => {
    const d = driver();
    await d.up({ callback_salt: "pepper-1" });
    const { callback_salt: _withheld, ...withoutSalt } = sandbox.voximplant.emulator.account;
    server().inject({ path: "/platform_api/GetAccountInfo", replaceBody: JSON.stringify({ result: withoutSalt }) });
    await d.refresh();
    expect(server().requests.at(-1)!.fault).toBeDefined();
    expect(d.inputs).toEqual({ callback_salt: "pepper-1" });
    expect(await d.preview({ callback_salt: "pepper-1" })).toBe(false);
  });

  it.each([
    [{ new_account_password: "Short1!" }, "new_account_password", /at least 8/],
    [{ new_account_password: "alllowercase1!" }, "new_account_password", /uppercase/],
    [{ language_code: "xx" }, "language_code", /ISO 639-1/],
    [{ billing_address_country_code: "HK" }, "billing_address_country_code", /SetAccountInfo list/],
    [{ location: "Moon/Base" }, "location", /IANA/],
    [{ min_balance_to_notify: -1 }, "min_balance_to_notify", /≥ 0/],
    [{ callback_url: "ftp://x" }, "callback_url", /absolute http/],
    [{ callback_salt: "s".repeat(40) }, "callback_salt", /fewer than 40/],
  ])("rejects %j in check naming %s, with no request", async (inputs, property, reason) => {
    const result = await driver().up(inputs);
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(server().requests).toHaveLength(0);
  });

  it("accepts Etc/GMT±N locations as documented", async () => {
    await driver().up({ location: "Etc/GMT-8" });
    expect(writes()[0]!.query).toEqual({ location: "Etc/GMT-8" });
  });

  it("reports a key the API does not know as a clear error without the key", async () => {
    const stranger = new (await import("../../sandbox")).VoximplantEmulator(3456750).credentials;
    const env = { ...sandbox.env, VOXIMPLANT_CREDENTIALS: JSON.stringify(stranger) };
    const error = (await driver(env).up({ language_code: "en" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("Voximplant read account info failed: HTTP 200: code 100: Authorization failed: unknown key id");
    expect(error.message).not.toContain(stranger.private_key.split("\n")[1]!);
  });

  it("reports a token signed with the wrong key as an invalid signature", async () => {
    const other = new (await import("../../sandbox")).VoximplantEmulator(3456750).credentials;
    const forged = { ...sandbox.voximplant.emulator.credentials, private_key: other.private_key };
    const error = (await driver({ ...sandbox.env, VOXIMPLANT_CREDENTIALS: JSON.stringify(forged) }).up({ language_code: "en" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/code 100: Authorization failed: invalid signature$/);
  });

  it("turns an error envelope on the write into a message naming the field", async () => {
    sandbox.voximplant.server.inject({ path: "/platform_api/SetAccountInfo", status: 200, body: JSON.stringify({ error: { msg: "Account's email is not unique", code: 128 } }) });
    const error = (await driver().up({ new_account_email: "taken@example.com" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("Voximplant update account info failed: HTTP 200: code 128: Account's email is not unique (field new_account_email)");
  });

  it.each([
    ["not JSON", "{not json", /voximplant:credentials: the value is not valid JSON/],
    ["missing key_id", JSON.stringify({ account_id: 1, private_key: "-----BEGIN PRIVATE KEY-----" }), /voximplant:credentials: key_id:/],
    ["a missing file", "/nonexistent/credentials.json", /voximplant:credentials: is neither .* nor a readable file path \(as a path: ENOENT\)$/],
  ])("names the setting when credentials are %s, before any request", async (_label, value, message) => {
    await expect(driver({ ...sandbox.env, VOXIMPLANT_CREDENTIALS: value }).up({ language_code: "en" })).rejects.toThrow(message);
    expect(server().requests).toHaveLength(0);
  });
});

describe("Voximplant secret inputs", () => {
  it("never prints the password, even when the API echoes it in an error", async () => {
    const password = "Echoed-Passw0rd!";
    sandbox.voximplant.server.inject({ path: "/platform_api/SetAccountInfo", status: 200, body: JSON.stringify({ error: { msg: `Invalid arguments: new_account_password=${password}`, code: 101 } }) });
    const error = (await driver().up({ new_account_password: password }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("Voximplant update account info failed: HTTP 200: code 101: Invalid arguments: new_account_password=[redacted]");
  });
});

describe("Voximplant behind a mistyped base URL", () => {
  it("answers a web server's HTML 404, not an error envelope, and applies nothing even with a valid token", async () => {
    const answer = await fetch(`${server().url}${FOREIGN_PATH_PREFIX}/platform_api/SetAccountInfo?language_code=de`, { method: "POST", headers: { authorization: bearer(sandbox.voximplant.emulator.credentials) } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(await answer.text()).toBe("<html><body><h1>404 Not Found</h1></body></html>");
    expect(sandbox.voximplant.emulator.account.language_code).toBe("en");
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /not-the-api/platform_api/SetAccountInfo"]);
  });
});

describe("Voximplant with a second account", () => {
  const accountInfo = async (credentials: VoximplantCredentials) =>
    ((await (await fetch(`${server().url}/platform_api/GetAccountInfo`, { method: "POST", headers: { authorization: bearer(credentials) } })).json()) as { result: { account_id: number; account_email: string } }).result;

  it("GetAccountInfo answers the account of the token's key", async () => {
    const emulator = sandbox.voximplant.emulator;
    expect(await accountInfo(emulator.credentials)).toMatchObject({ account_id: 3456750, account_email: emulator.account.account_email });
    expect(await accountInfo(emulator.otherCredentials)).toMatchObject({ account_id: emulator.otherAccount.account_id, account_email: emulator.otherAccount.account_email });
    expect(emulator.otherCredentials).toMatchObject({ account_id: emulator.otherAccount.account_id, account_email: emulator.otherAccount.account_email });
    expect(emulator.otherAccount.account_id).not.toBe(emulator.account.account_id);
  });

  it("a stack with the second account's credentials sets only that account", async () => {
    const emulator = sandbox.voximplant.emulator;
    const primaryBefore = structuredClone(emulator.account);
    await driver(sandbox.otherEnv).up({ language_code: "de", new_account_password: "Other-Acc0unt!" });
    const jwtHeader = writes()[0]!.headers.authorization!.replace(/^Bearer\s+/, "").split(".")[0]!;
    expect(JSON.parse(Buffer.from(jwtHeader, "base64url").toString()).kid).toBe(emulator.otherCredentials.key_id);
    expect(emulator.otherAccount.language_code).toBe("de");
    expect(emulator.account).toEqual(primaryBefore);
    // The password went to the second account's hidden parameters, not the first's.
    expect(emulator.hidden).toEqual({});
  });

  it("refuses a token that names the other account with this account's key", async () => {
    const emulator = sandbox.voximplant.emulator;
    const claimsOther = { ...emulator.credentials, account_id: emulator.otherAccount.account_id };
    const answer = await fetch(`${server().url}/platform_api/GetAccountInfo`, { method: "POST", headers: { authorization: bearer(claimsOther) } });
    expect(await answer.json()).toEqual({ error: { msg: "Authorization failed: iss is not the key's account", code: 100 } });
  });
});
