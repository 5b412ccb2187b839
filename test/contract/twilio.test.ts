import { ResourceInitFailedError, Settings } from "../../provider/engine";
import { SANDBOX_POLICY_SID } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

const server = () => sandbox.twilio.server;
const emulator = () => sandbox.twilio.emulator;
const driver = (env = sandbox.env) => new ProfileDriver("twilio", env);
const form = (i: number) => Object.fromEntries(new URLSearchParams(server().requests[i]!.body));
const base = { FriendlyName: "Acme Support", Email: "compliance@acme.example", PolicySid: SANDBOX_POLICY_SID };

describe("Twilio customer profile against the emulator", () => {
  it("creates with one form POST, updates only the changed field, deletes what it created", async () => {
    const d = driver();
    await d.up(base);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/CustomerProfiles"]);
    expect(server().requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(form(0)).toEqual(base);
    expect(d.id).toMatch(/^BU[0-9a-f]{32}$/);
    expect(d.state).toMatchObject({ sid: d.id, status: "draft", account_sid: emulator().accountSid, policy_sid: SANDBOX_POLICY_SID });

    sandbox.clearLogs();
    await d.up({ ...base, Email: "trust@acme.example" });
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/CustomerProfiles/${d.id}`]);
    expect(form(0)).toEqual({ Email: "trust@acme.example" });

    sandbox.clearLogs();
    const sid = d.id!;
    await d.destroy();
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v1/CustomerProfiles/${sid}`]);
    expect(emulator().profiles.has(sid)).toBe(false);
  });

  it("adopts by sid with one GET, and destroy leaves the adopted profile alone", async () => {
    const existing = emulator().seed({ friendly_name: "Acme Support", email: "compliance@acme.example" });
    const d = driver();
    await d.up({ sid: existing.sid, FriendlyName: "Acme Support", Email: "compliance@acme.example" });
    expect(server().requests.map((r) => r.method)).toEqual(["GET"]);
    sandbox.clearLogs();
    await d.destroy();
    expect(server().requests).toHaveLength(0);
    expect(emulator().profiles.has(existing.sid)).toBe(true);
  });

  it("deletes an adopted profile on destroy only when asked to", async () => {
    const existing = emulator().seed();
    const d = driver();
    await d.up({ sid: existing.sid, deleteOnDestroy: true });
    await d.destroy();
    expect(emulator().profiles.has(existing.sid)).toBe(false);
  });

  it("submits for review with Status=pending-review; Twilio's in-review and approval satisfy it", async () => {
    const d = driver();
    await d.up({ ...base, Status: "pending-review" });
    expect(server().requests.map((r) => r.method)).toEqual(["POST", "POST"]);
    // Create takes no Status; the update right after it submits.
    expect(form(0)).toEqual(base);
    expect(form(1)).toEqual({ Status: "pending-review" });
    expect(d.state).toMatchObject({ Status: "pending-review", status: "in-review" });
    emulator().review(d.id!, "twilio-approved");
    sandbox.clearLogs();
    await d.refresh();
    expect(d.state).toMatchObject({ status: "twilio-approved", valid_until: "2027-11-28T10:00:00Z" });
    expect(await d.preview({ ...base, Status: "pending-review" })).toBe(false);
    expect(server().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("says clearly when Twilio refuses an edit because of the status", async () => {
    const d = driver();
    await d.up({ ...base, Status: "pending-review" });
    const error = (await d.up({ ...base, FriendlyName: "Renamed", Status: "pending-review" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^Twilio update customer profile failed: HTTP 400: code 20001: Customer-Profile BU[0-9a-f]{32} cannot be edited while its status is in-review\. Twilio refused this because of the profile's verification status: only draft profiles can be edited or submitted \(see the status output\)\. More: https:\/\/www\.twilio\.com\/docs\/errors\/20001$/);
  });

  it("keeps a created profile in state when the follow-up status update fails, so no duplicate is made", async () => {
    server().inject({ method: "POST", path: /^\/v1\/CustomerProfiles\/BU/, status: 400, body: JSON.stringify({ code: 20001, message: "Invalid status", status: 400 }) });
    const error = await driver().lifecycle.create({ ...base, Status: "pending-review" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const failed = error as ResourceInitFailedError;
    expect(emulator().profiles.has(failed.id)).toBe(true);
    expect(failed.properties).toMatchObject({ Status: "draft", sid: failed.id, created: true });
  });

  it("finds the profile a create made when its answer was lost, instead of creating a second", async () => {
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", loseResponse: true });
    const d = driver();
    await d.up(base);
    expect(emulator().profiles.size).toBe(1);
    expect(d.id).toBe([...emulator().profiles.keys()][0]);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/CustomerProfiles", "GET /v1/CustomerProfiles"]);
  });

  it("refresh keeps the stored inputs to what the program said: no sid for a profile it created", async () => {
    const d = driver();
    await d.up(base);
    await d.refresh();
    expect(d.inputs).toEqual(base);
    expect(d.state).toMatchObject({ sid: d.id });
  });

  it("drops a profile deleted behind Pulumi's back on refresh (404 → gone)", async () => {
    const d = driver();
    await d.up(base);
    emulator().profiles.delete(d.id!);
    const read = await d.lifecycle.read(d.id!, d.state!);
    expect(read).toEqual({});
  });

  it("authenticates with an API key and secret as Twilio recommends", async () => {
    const key = emulator().issueApiKey();
    const env = { ...sandbox.env, TWILIO_API_KEY: key.sid, TWILIO_API_SECRET: key.secret, TWILIO_AUTH_TOKEN: "" };
    await driver(env).up(base);
    expect(emulator().profiles.size).toBe(1);
  });

  it("reports wrong credentials with Twilio's code and link, without the token", async () => {
    const error = (await driver({ ...sandbox.env, TWILIO_AUTH_TOKEN: "0123456789abcdef-wrong" }).up(base).catch((e: Error) => e)) as Error;
    expect(error.message).toBe("Twilio create customer profile failed: HTTP 401: code 20003: Authenticate. More: https://www.twilio.com/docs/errors/20003");
    expect(error.message).not.toContain("0123456789abcdef-wrong");
  });

  it.each([
    [{ ...base, Status: "twilio-approved" }, "Status", /set by Twilio/],
    [{ ...base, Status: "in-review" }, "Status", /set by Twilio/],
    [{ sid: "BU123" }, "sid", /BU followed by 32 hex/],
    [{ ...base, PolicySid: "RN12" }, "PolicySid", /RN followed by 32 hex/],
    [{ ...base, Email: "nope" }, "Email", /email address/],
    [{ ...base, StatusCallback: "not a uri" }, "StatusCallback", /absolute http/],
    [{ FriendlyName: "x", Email: "a@b.co" }, "PolicySid", /required to create/],
  ])("rejects %j naming %s, with no request", async (inputs, property, reason) => {
    const result = await driver().up(inputs);
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(server().requests).toHaveLength(0);
  });

  it("asks to replace (a new object) when PolicySid changes", async () => {
    const d = driver();
    await d.up(base);
    expect(await d.lifecycle.diff(d.id!, d.state!, { ...base, PolicySid: "RN" + "a".repeat(32) })).toEqual({ changes: true, replaces: ["PolicySid"] });
  });

  it("an adoption that would change PolicySid fails before any write", async () => {
    const existing = emulator().seed();
    const error = (await driver().up({ sid: existing.sid, PolicySid: "RN" + "b".repeat(32) }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^Twilio fixes PolicySid when a CustomerProfile is created/);
    expect(server().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it.each([
    ["502 after the server committed", { status: 502, afterApply: true }],
    ["504 after the server committed", { status: 504, afterApply: true }],
    ["an unreadable 201", { replaceBody: "{" }],
    ["an answer cut off", { truncate: true }],
  ])("a create answered with %s is looked up and taken, never made twice", async (_label, fault) => {
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", ...fault });
    const d = driver();
    await d.up(base);
    expect(emulator().profiles.size).toBe(1);
    expect(d.id).toBe([...emulator().profiles.keys()][0]);
    expect(d.state).toMatchObject({ created: true });
  });

  it("an uncertain create never takes an identical profile that existed before it", async () => {
    const before = emulator().seed({ friendly_name: base.FriendlyName, email: base.Email, date_created: "2026-01-01T00:00:00Z" });
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", status: 503 });
    const error = (await driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "500" }).up(base).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/HTTP 503.*no profile made by this create was found, so the next up creates it/);
    expect([...emulator().profiles.keys()]).toEqual([before.sid]);
  });

  it("a create slower than the timeout is found once it lands", async () => {
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", delayMs: 1_500 });
    const d = driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "1000" });
    await d.up(base);
    expect(emulator().profiles.size).toBe(1);
    expect(d.id).toBe([...emulator().profiles.keys()][0]);
  });

  it("a status change whose answer was lost is read back, not sent again", async () => {
    const d = driver();
    await d.up(base);
    sandbox.clearLogs();
    server().inject({ method: "POST", path: `/v1/CustomerProfiles/${d.id}`, loseResponse: true });
    await d.up({ ...base, Status: "pending-review" });
    expect(server().requests.map((r) => r.method)).toEqual(["POST", "GET"]);
    expect(d.state).toMatchObject({ Status: "pending-review", status: "in-review" });
  });

  it("a status change Twilio refuses because an earlier one landed is taken as done", async () => {
    const d = driver();
    await d.up(base);
    // The earlier up's answer was lost and Pulumi kept the old state: the profile is in review already.
    emulator().profiles.get(d.id!)!.status = "in-review";
    await d.up({ ...base, Status: "pending-review" });
    expect(d.state).toMatchObject({ status: "in-review" });
  });

  it("follows Twilio's pages: import lists every profile, past 1,000", async () => {
    for (let i = 0; i < 1_001; i++) emulator().seed({ friendly_name: `P${i}` });
    const profiles = await driver().lifecycle.adapter.connect(new Settings({ get: () => undefined }, sandbox.env)).list!();
    expect(new Set(profiles.map((p) => p.id)).size).toBe(1_001);
    expect(server().requests.map((r) => r.query.PageSize)).toEqual(["1000", "1000"]);
  });
});
