import { XMLParser } from "fast-xml-parser";
import { randomUUID } from "node:crypto";
import { FOREIGN_PATH_PREFIX, type RecordedRequest } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

const server = () => sandbox.twosms.server;
const accountPath = () => `/api/v2/admin/accounts/${sandbox.twosms.emulator.account.ID}`;
const puts = () => server().log({ method: "PUT" });
const xml = new XMLParser({ parseTagValue: false, ignoreAttributes: true });

/** The fields a PUT carried, decoded from its wire format (the XML is parsed, not string-matched). */
function putFields(request: RecordedRequest): Record<string, unknown> {
  if (/xml/.test(request.headers["content-type"] ?? "")) return (xml.parse(request.body) as { AccountV3: Record<string, unknown> }).AccountV3;
  return JSON.parse(request.body) as Record<string, unknown>;
}

const REQUIRED_NOW = () => {
  const a = sandbox.twosms.emulator.account;
  return { ContactNumber: a.ContactNumber, EmailAddress: a.EmailAddress, SMSUsername: a.SMSUsername, TimeZone: a.TimeZone };
};

describe.each(["json", "xml"])("2sms account over %s against the emulator", (format) => {
  const driver = (extra: Record<string, string> = {}) => new ProfileDriver("twosms", { ...sandbox.env, TWOSMS_WIRE_FORMAT: format, ...extra });

  it("resolves the client's own account and adopts it; a different SMSPassword is written with the required fields", async () => {
    const d = driver();
    await d.up({ SMSPassword: "sms-secret-1", Name: "Example Ltd" });
    expect(d.id).toBe(sandbox.twosms.emulator.account.ID);
    // The client's own account answers whole, so adoption needs no second GET.
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /Token", "GET /api/v1/admin/accounts", `PUT ${accountPath()}`]);
    expect(putFields(puts()[0]!)).toEqual({ ...REQUIRED_NOW(), SMSPassword: "sms-secret-1" });
    expect(puts()[0]!.headers["content-type"]).toBe(format === "xml" ? "application/xml" : "application/json");
  });

  it("writes the changed field plus the required ones, and nothing else", async () => {
    const d = driver();
    await d.up({ SMSPassword: "sms-secret-1", Name: "Example Ltd", ContactNumber: "+44 20 7946 0000", EmailAddress: "admin@example.co.uk", SMSUsername: "example-sms", TimeZone: "GMT Standard Time" });
    sandbox.clearLogs();
    await d.up({ SMSPassword: "sms-secret-1", Name: "Renamed Ltd", ContactNumber: "+44 20 7946 0000", EmailAddress: "admin@example.co.uk", SMSUsername: "example-sms", TimeZone: "GMT Standard Time" });
    // Every pulumi command is a new provider process: one token, then the write.
    expect(server().requests.map((r) => r.method)).toEqual(["POST", "PUT"]);
    expect(putFields(puts()[0]!)).toEqual({ ...REQUIRED_NOW(), SMSPassword: "sms-secret-1", Name: "Renamed Ltd" });
    expect(sandbox.twosms.emulator.account.Name).toBe("Renamed Ltd");
  });

  it("reads unmanaged required fields fresh before a write, so a portal edit is not reverted", async () => {
    const d = driver();
    await d.up({ SMSPassword: "sms-secret-1", Name: "Example Ltd" });
    sandbox.twosms.emulator.account.ContactNumber = "+44 161 496 0000";
    sandbox.clearLogs();
    await d.up({ SMSPassword: "sms-secret-1", Name: "Renamed Ltd" });
    expect(server().requests.map((r) => r.method)).toEqual(["POST", "GET", "PUT"]);
    expect(putFields(puts()[0]!).ContactNumber).toBe("+44 161 496 0000");
  });

  it("sends nothing when nothing changed, and reports drift after one GET", async () => {
    const d = driver();
    const inputs = { SMSPassword: "sms-secret-1", FirstName: "Alex", TwoFactorEnabled: true };
    await d.up(inputs);
    sandbox.clearLogs();
    expect((await d.up(inputs)).changed).toBe(false);
    expect(server().requests).toHaveLength(0);
    sandbox.twosms.emulator.account.TwoFactorEnabled = false;
    await d.refresh();
    expect(server().requests.map((r) => r.method)).toEqual(["POST", "GET"]);
    expect(d.inputs).toEqual({ SMSPassword: "sms-secret-1", FirstName: "Alex", TwoFactorEnabled: false });
  });

  it("reads SMSPassword back (the GET samples carry it): a matching password adopts with no write, a portal change shows as drift", async () => {
    const current = sandbox.twosms.emulator.account.SMSPassword;
    const d = driver();
    await d.up({ SMSPassword: current, Name: "Example Ltd" });
    expect(puts()).toHaveLength(0);
    sandbox.twosms.emulator.account.SMSPassword = "changed-in-the-portal";
    await d.refresh();
    expect(d.inputs).toEqual({ SMSPassword: "changed-in-the-portal", Name: "Example Ltd" });
    expect(await d.preview({ SMSPassword: current, Name: "Example Ltd" })).toBe(true);
    sandbox.clearLogs();
    await d.up({ SMSPassword: current, Name: "Example Ltd" });
    expect(putFields(puts()[0]!)).toEqual({ ...REQUIRED_NOW(), SMSPassword: current });
    expect(d.state!.originals).not.toHaveProperty("SMSPassword");
  });

  it("holds Windows time-zone ids with parentheses and long unicode text, with no undocumented length limit", async () => {
    const d = driver();
    const inputs = { SMSPassword: "sms-secret-1", TimeZone: "Pacific Standard Time (Mexico)", Name: "Société Générale d’Électricité — ".repeat(20).trim(), Disclaimer: "🚀 ".repeat(600).trim() };
    await d.up(inputs);
    expect(putFields(puts()[0]!).TimeZone).toBe("Pacific Standard Time (Mexico)");
    expect(sandbox.twosms.emulator.account.Name).toBe(inputs.Name);
    sandbox.clearLogs();
    await d.refresh();
    expect(d.inputs).toEqual(inputs);
    expect((await d.up(inputs)).changed).toBe(false);
    expect(puts()).toHaveLength(0);
  });

  it("takes a 2xx whose Error element is present but empty as success, and a 2xx with a real error as failure", async () => {
    const d = driver();
    await d.up({ SMSPassword: "sms-secret-1", FirstName: "Alex" });
    // The emulator's successes carry an empty Error element, as the help-page samples have one beside ResponseData.
    const answer = await fetch(`${server().url}/api/v1/admin/accounts`, { headers: { authorization: puts()[0]!.headers.authorization!, accept: format === "xml" ? "application/xml" : "application/json" } });
    const body = await answer.text();
    expect(body).toMatch(format === "xml" ? /<Error>\s*<ErrorCode\/>\s*<ErrorReason\/>\s*<\/Error>/ : /"Error":\{"ErrorCode":null,"ErrorReason":null\}/);

    const failed = format === "xml"
      ? '<ResponseOfObject><Error><ErrorCode>E42</ErrorCode><ErrorReason>Account is locked</ErrorReason></Error><ResponseData /></ResponseOfObject>'
      : JSON.stringify({ Error: { ErrorCode: "E42", ErrorReason: "Account is locked" }, ResponseData: null });
    server().inject({ method: "PUT", status: 200, headers: { "content-type": format === "xml" ? "application/xml" : "application/json" }, body: failed });
    const error = (await d.up({ SMSPassword: "sms-secret-1", FirstName: "Alexandra" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("2sms update account failed: HTTP 200: code E42: Account is locked");
  });

  it("fetches a new token once when the API answers 401", async () => {
    const d = driver();
    await d.up({ SMSPassword: "sms-secret-1", FirstName: "Alex" });
    sandbox.clearLogs();
    // Revoked in the middle of the command, when its first account request arrives.
    let revoked = false;
    server().inject({
      when: (request) => {
        if (!revoked && request.path === accountPath()) {
          revoked = true;
          sandbox.twosms.emulator.revokeTokens();
        }
        return false;
      },
    });
    await d.up({ SMSPassword: "sms-secret-1", FirstName: "Alexandra" });
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /Token", `GET ${accountPath()}`, "POST /Token", `GET ${accountPath()}`, `PUT ${accountPath()}`]);
  });

  it("turns the API's error envelope into a clear message in either format", async () => {
    server().inject({ method: "PUT", status: 400, headers: { "content-type": format === "xml" ? "application/xml" : "application/json" }, body: format === "xml" ? "<ResponseOfObject><Error><ErrorCode>ValidationError</ErrorCode><ErrorReason>The field EmailAddress must match the regular expression.</ErrorReason></Error></ResponseOfObject>" : JSON.stringify({ Error: { ErrorCode: "ValidationError", ErrorReason: "The field EmailAddress must match the regular expression." }, ResponseData: null }) });
    const error = (await driver().up({ SMSPassword: "sms-secret-1", FirstName: "X" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("2sms update account failed: HTTP 400: code ValidationError: The field EmailAddress must match the regular expression. (field EmailAddress)");
  });

  it("reports wrong client credentials without the secret", async () => {
    const error = (await driver({ TWOSMS_CLIENT_SECRET: "definitely-the-wrong-secret" }).up({ SMSPassword: "sms-secret-x" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("2sms get access token failed: HTTP 400: code invalid_client: The client_id or client_secret is incorrect.");
    expect(error.message).not.toContain("definitely-the-wrong-secret");
  });
});

describe("2sms check", () => {
  it("accepts every Windows time-zone id of the CLDR list, parentheses and all", async () => {
    const { windowsTimeZones } = await import("../../provider/apis/twosms/schema");
    expect(windowsTimeZones().size).toBeGreaterThanOrEqual(139);
    const lifecycle = new ProfileDriver("twosms", sandbox.env).lifecycle;
    for (const TimeZone of [...windowsTimeZones(), "Europe/London"]) expect((await lifecycle.check({}, { SMSPassword: "sms-secret-x", TimeZone })).failures).toEqual([]);
    for (const id of ["Pacific Standard Time (Mexico)", "UTC-11", "W. Europe Standard Time", "Sri Lanka Standard Time"]) expect(windowsTimeZones().has(id)).toBe(true);
  });

  it.each([
    [{ SMSPassword: "sms-secret-x", ContactNumber: "12ab" }, "ContactNumber", /5 to 20 digits/],
    [{ SMSPassword: "sms-secret-x", EmailAddress: "not@valid" }, "EmailAddress", /2sms pattern/],
    [{ SMSPassword: "sms-secret-x", LanguageID: "english" }, "LanguageID", /GUID/],
    [{ SMSPassword: "sms-secret-x", accountId: "123" }, "accountId", /GUID/],
    [{ SMSPassword: "sms-secret-x", Website: "example" }, "Website", /absolute http/],
    [{ SMSPassword: "sms-secret-x", Logo: "not base64!" }, "Logo", /base64/],
    [{ SMSPassword: "sms-secret-x", TimeZone: "Nowhere/Special" }, "TimeZone", /time zone id/],
    [{ FirstName: "no password" }, "SMSPassword", /^required: 2sms demands the SMS password on every update$/],
    [{ SMSPassword: "sms-secret-x", TimeZone: "Pacific Standard Time(Mexico)" }, "TimeZone", /Windows time zone id/],
  ])("rejects %j naming %s, with no request", async (inputs, property, reason) => {
    const result = await new ProfileDriver("twosms", sandbox.env).up(inputs);
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(server().requests).toHaveLength(0);
  });
});

describe("2sms logoFromFile", () => {
  it("loads an image as the base64 the Logo field takes, and it passes check", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { logoFromFile } = await import("../../sdk/twosms");
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
    const file = join(mkdtempSync(join(tmpdir(), "pp-logo-")), "logo.png");
    writeFileSync(file, png);
    const logo = logoFromFile(file);
    expect(Buffer.from(logo, "base64")).toEqual(png);
    expect((await new ProfileDriver("twosms", sandbox.env).lifecycle.check({}, { SMSPassword: "sms-secret-x", Logo: logo, LogoName: "logo.png" })).failures).toEqual([]);
  });
});

describe("2sms behind a mistyped base URL", () => {
  it("answers a web server's HTML 404 to the token request, and issues no token for the right client", async () => {
    const { clientId, clientSecret } = sandbox.twosms.emulator;
    const answer = await fetch(`${server().url}${FOREIGN_PATH_PREFIX}/Token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString(),
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(await answer.text()).toBe("<html><body><h1>404 Not Found</h1></body></html>");
    expect(sandbox.twosms.emulator.tokenRequests).toBe(0);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /not-the-api/Token"]);
  });
});

describe("2sms with a parent account, its subaccount and a second company", () => {
  const tokenFor = async (client_id: string, client_secret: string) =>
    ((await (await fetch(`${server().url}/Token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id, client_secret }).toString() })).json()) as { access_token: string }).access_token;
  const getAccount = async (token: string, id: string) => {
    const answer = await fetch(`${server().url}/api/v2/admin/accounts/${id}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
    return { status: answer.status, body: (await answer.json()) as { Error: unknown; ResponseData: { Detail: { ID: string; AccountID: string } } | null } };
  };

  it("the subaccount's parent is the primary account; the second company is unrelated", () => {
    const { account, subAccount, otherAccount } = sandbox.twosms.emulator;
    expect(subAccount.AccountID).toBe(account.ID);
    expect(new Set([account.ID, subAccount.ID, otherAccount.ID]).size).toBe(3);
    expect([account.ID, subAccount.ID]).not.toContain(otherAccount.AccountID);
  });

  it("api/v1/admin/accounts answers each client's own account, and a stack with the second client adopts and writes only that one", async () => {
    const { account, otherAccount } = sandbox.twosms.emulator;
    const primaryBefore = structuredClone(account);
    const d = new ProfileDriver("twosms", sandbox.otherEnv);
    await d.up({ SMSPassword: "other-secret-1", Name: "Another Company Renamed" });
    expect(d.id).toBe(otherAccount.ID);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /Token", "GET /api/v1/admin/accounts", `PUT /api/v2/admin/accounts/${otherAccount.ID}`]);
    expect(otherAccount).toMatchObject({ Name: "Another Company Renamed", SMSPassword: "other-secret-1" });
    expect(account).toEqual(primaryBefore);
  });

  it("the parent's client reads and updates its subaccount by accountId, leaving its own account alone", async () => {
    const { account, subAccount } = sandbox.twosms.emulator;
    const primaryBefore = structuredClone(account);
    const d = new ProfileDriver("twosms", sandbox.env);
    await d.up({ accountId: subAccount.ID, SMSPassword: "branch-secret-1", Name: "Example Branch Renamed" });
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /Token", `GET /api/v2/admin/accounts/${subAccount.ID}`, `PUT /api/v2/admin/accounts/${subAccount.ID}`]);
    expect(subAccount).toMatchObject({ Name: "Example Branch Renamed", SMSPassword: "branch-secret-1" });
    expect(account).toEqual(primaryBefore);
    // GUIDs compare case-insensitively, as .NET's Guid does.
    const token = await tokenFor(sandbox.twosms.emulator.clientId, sandbox.twosms.emulator.clientSecret);
    const upper = await getAccount(token, subAccount.ID.toUpperCase());
    expect(upper.status).toBe(200);
    expect(upper.body.ResponseData!.Detail).toMatchObject({ ID: subAccount.ID, AccountID: account.ID, Name: "Example Branch Renamed" });
  });

  it("the second client is refused the parent's subaccount and the parent itself with the same 401 as an id that exists nowhere", async () => {
    const { account, subAccount, otherClientId, otherClientSecret } = sandbox.twosms.emulator;
    const token = await tokenFor(otherClientId, otherClientSecret);
    const refused = { status: 401, body: { Error: { ErrorCode: "Unauthorised", ErrorReason: "You are not authorised to access this account" }, ResponseData: null } };
    for (const id of [subAccount.ID, account.ID, randomUUID()]) expect(await getAccount(token, id)).toEqual(refused);
  });

  it("a stack with the second client cannot write the parent's subaccount", async () => {
    const { subAccount } = sandbox.twosms.emulator;
    const before = structuredClone(subAccount);
    const error = (await new ProfileDriver("twosms", sandbox.otherEnv).up({ accountId: subAccount.ID, SMSPassword: "stolen-secret-1", Name: "Hijacked" }).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/HTTP 401/);
    expect(puts()).toHaveLength(0);
    expect(subAccount).toEqual(before);
  });
});
