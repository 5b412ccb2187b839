import { ResourceInitFailedError, Settings } from "../../provider/engine";
import { FOREIGN_PATH_PREFIX, SANDBOX_POLICY_SID } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

const server = () => sandbox.twilio.server;
const emulator = () => sandbox.twilio.emulator;
const driver = (env = sandbox.env) => new ProfileDriver("twilio", env);
const form = (i: number) => Object.fromEntries(new URLSearchParams(server().requests[i]!.body));
const base = { FriendlyName: "Acme Support", Email: "compliance@acme.example", PolicySid: SANDBOX_POLICY_SID };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const primaryAuth = () => basic(emulator().accountSid, emulator().authToken);
const otherAuth = () => basic(emulator().otherAccountSid, emulator().otherAuthToken);
/** Twilio's own 404 for a path, as its product APIs answer it. */
const twilio404 = (path: string) => ({ code: 20404, message: `The requested resource ${path} was not found`, more_info: "https://www.twilio.com/docs/errors/20404", status: 404 });

describe("Twilio customer profile against the emulator", () => {
  it("creates with one filtered list GET then one form POST, updates only the changed field, deletes what it created", async () => {
    const d = driver();
    await d.up(base);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/CustomerProfiles", "POST /v1/CustomerProfiles"]);
    // The profiles that already match are listed first, as narrowly as Twilio's list filters allow.
    expect(server().requests[0]!.query).toEqual({ FriendlyName: base.FriendlyName, PolicySid: base.PolicySid, PageSize: "1000" });
    expect(server().requests[1]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(form(1)).toEqual(base);
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

  it("submits for review with Status=pending-review after Twilio's Evaluation; Twilio's in-review and approval satisfy it", async () => {
    const d = driver();
    await d.up(base);
    emulator().bundle.seedCompliantBundle(d.id!);
    sandbox.clearLogs();
    await d.up({ ...base, Status: "pending-review" });
    // diff (what preview shows) and then update, right before the submit, each ask Twilio's
    // Evaluation: the bundle's objects may change between the two in one deployment.
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/CustomerProfiles/${d.id}/Evaluations`, `POST /v1/CustomerProfiles/${d.id}/Evaluations`, `POST /v1/CustomerProfiles/${d.id}`]);
    expect(form(0)).toEqual({ PolicySid: SANDBOX_POLICY_SID });
    expect(form(2)).toEqual({ Status: "pending-review" });
    expect(d.state).toMatchObject({ Status: "pending-review", status: "in-review" });
    emulator().review(d.id!, "twilio-approved");
    sandbox.clearLogs();
    await d.refresh();
    expect(d.state).toMatchObject({ status: "twilio-approved", valid_until: "2027-11-28T10:00:00Z" });
    expect(await d.preview({ ...base, Status: "pending-review" })).toBe(false);
    expect(server().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("refuses to submit a bundle Twilio's Evaluation finds noncompliant, naming what is missing, and submits nothing", async () => {
    const d = driver();
    await d.up(base);
    sandbox.clearLogs();
    const error = (await d.up({ ...base, Status: "pending-review" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^Twilio evaluate customer profile BU[0-9a-f]{32} before submitting it failed: Twilio's Evaluation EL[0-9a-f]{32} found the bundle noncompliant: Business Information: .*missing.*; Authorized Representative #1: .*; Physical Business Address: .*; Primary Customer Profile Bundle: .*Nothing was submitted: the profile stays draft/s);
    // diff asked (for preview to say it), then update asked again and refused: no submit.
    expect(server().requests.filter((r) => r.method !== "GET").map((r) => r.path)).toEqual([`/v1/CustomerProfiles/${d.id}/Evaluations`, `/v1/CustomerProfiles/${d.id}/Evaluations`]);
    expect(emulator().profiles.get(d.id!)!.status).toBe("draft");
  });

  it("says clearly when Twilio refuses an edit because of the status", async () => {
    const d = driver();
    await d.up(base);
    emulator().bundle.seedCompliantBundle(d.id!);
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
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/CustomerProfiles", "POST /v1/CustomerProfiles", "GET /v1/CustomerProfiles"]);
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
    expect(error.message).toBe("Twilio list matching customer profiles before create failed: HTTP 401: code 20003: Authenticate. More: https://www.twilio.com/docs/errors/20003");
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

  it.each([
    ["long before", "2026-01-01T00:00:00Z"],
    ["in the same second as", undefined],
  ])("an uncertain create never takes an identical profile made %s it", async (_label, dateCreated) => {
    // Seeded with the emulator's clock (whole seconds) unless dated: as new as the create itself.
    const before = emulator().seed({ friendly_name: base.FriendlyName, email: base.Email, ...(dateCreated ? { date_created: dateCreated } : {}) });
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", status: 503 });
    const error = (await driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "500" }).up(base).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/HTTP 503.*no profile made by this create was found, so the next up creates it/);
    expect([...emulator().profiles.keys()]).toEqual([before.sid]);
  });

  it("an uncertain create never picks between its profile and an identical one another actor made meanwhile", async () => {
    let other = "";
    // Another stack creates the same profile after this create's list, while its POST is in flight.
    server().inject({
      method: "POST",
      path: "/v1/CustomerProfiles",
      status: 502,
      afterApply: true,
      when: () => {
        other = emulator().seed({ friendly_name: base.FriendlyName, email: base.Email }).sid;
        return true;
      },
    });
    const d = driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "500" });
    const error = (await d.up(base).catch((e: Error) => e)) as Error;
    const sids = [...emulator().profiles.keys()];
    expect(sids).toHaveLength(2);
    expect(sids).toContain(other);
    expect(error.message).toMatch(/HTTP 502.*2 identical profiles appeared while it ran .*none was taken\. Another stack or pipeline may be creating the same profile/);
    for (const sid of sids) expect(error.message).toContain(sid);
    // Nothing was recorded in state, so no destroy can delete either profile; none was deleted.
    expect(d.id).toBeUndefined();
    expect(server().requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
    expect([...emulator().profiles.keys()].sort()).toEqual([...sids].sort());
  });

  it("an uncertain create still finds its profile when Twilio's clock is minutes behind the local one", async () => {
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", status: 502, afterApply: true });
    // Twilio dates the new profile two minutes before the create started by the local clock.
    const behind = new Date(Date.now() - 120_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    server().inject({ method: "GET", when: () => (emulator().profiles.forEach((p) => (p.date_created = behind)), false) });
    const d = driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "500" });
    await d.up(base);
    expect(emulator().profiles.size).toBe(1);
    expect(d.id).toBe([...emulator().profiles.keys()][0]);
    expect(d.state).toMatchObject({ created: true });
  });

  it("says the outcome is unknown and what to check when the look-up after an uncertain create fails too", async () => {
    let posted = false;
    server().inject({ method: "POST", path: "/v1/CustomerProfiles", loseResponse: true, when: () => (posted = true) });
    server().inject({ method: "GET", path: "/v1/CustomerProfiles", status: 500, times: 100, when: () => posted, body: JSON.stringify({ code: 20500, message: "Internal Server Error", status: 500 }) });
    const error = (await driver({ ...sandbox.env, PULUMI_PROFILES_TIMEOUT_MS: "500" }).up(base).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^Twilio create customer profile failed: the outcome is unknown \(.+\), and looking for the profile it may have made failed too \(Twilio look for the profile an unanswered create made failed: HTTP 500: code 20500: Internal Server Error.*\)\. A profile named "Acme Support" may exist in Twilio, made around \d{4}-\d\d-\d\dT[\d:.]+Z\. Check the TrustHub Customer-Profiles list before the next up: if it is there, import it into this stack \(set sid\); otherwise the next up creates it$/s);
    // It did land: the message points at a profile that is really there.
    expect([...emulator().profiles.values()].map((p) => p.friendly_name)).toEqual(["Acme Support"]);
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
    emulator().bundle.seedCompliantBundle(d.id!);
    sandbox.clearLogs();
    server().inject({ method: "POST", path: `/v1/CustomerProfiles/${d.id}`, loseResponse: true });
    await d.up({ ...base, Status: "pending-review" });
    expect(server().requests.filter((r) => r.path === `/v1/CustomerProfiles/${d.id}`).map((r) => r.method)).toEqual(["POST", "GET"]);
    expect(d.state).toMatchObject({ Status: "pending-review", status: "in-review" });
  });

  it("a status change Twilio refuses because an earlier one landed is taken as done", async () => {
    const d = driver();
    await d.up(base);
    // The earlier up's answer was lost and Pulumi kept the old state: the profile is in review already.
    emulator().bundle.seedCompliantBundle(d.id!);
    emulator().profiles.get(d.id!)!.status = "in-review";
    await d.up({ ...base, Status: "pending-review" });
    expect(d.state).toMatchObject({ status: "in-review" });
  });

  it("follows Twilio's pages: import lists every profile, past 1,000", async () => {
    for (let i = 0; i < 1_001; i++) emulator().seed({ friendly_name: `P${i}` });
    const profiles = await driver().lifecycle.adapter.connect(new Settings({ get: () => undefined }, sandbox.env)).list!();
    expect(new Set(profiles.map((p) => p.id)).size).toBe(1_001);
    // Two pages of profiles; then each profile's assignments, which import writes into the program.
    expect(server().log({ path: "/v1/CustomerProfiles" }).map((r) => r.query.PageSize)).toEqual(["1000", "1000"]);
    expect(server().requests.filter((r) => r.path.endsWith("/EntityAssignments"))).toHaveLength(1_001);
  });

  it("stops with an error when Twilio's next page points back to a page already read", async () => {
    const repeating = `${server().url}/v1/CustomerProfiles?PageSize=1000&Page=1&PageToken=PT1000`;
    server().inject({ method: "GET", path: "/v1/CustomerProfiles", status: 200, times: 5, body: JSON.stringify({ results: [], meta: { next_page_url: repeating, key: "results" } }) });
    const listing = driver().lifecycle.adapter.connect(new Settings({ get: () => undefined }, sandbox.env)).list!();
    await expect(listing).rejects.toThrow("Twilio list customer profiles failed: Twilio's list pointed back to a page it had already answered, so paging was stopped");
    expect(server().requests).toHaveLength(2);
  });
});

describe("Twilio behind a mistyped base URL", () => {
  it("answers a path outside the API with a web server's HTML 404, before any credential check, and deletes nothing", async () => {
    const existing = emulator().seed();
    for (const authorization of [primaryAuth(), undefined]) {
      const answer = await fetch(`${server().url}${FOREIGN_PATH_PREFIX}/v1/CustomerProfiles/${existing.sid}`, { method: "DELETE", headers: authorization ? { authorization } : {} });
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toBe("text/html");
      expect(await answer.text()).toBe("<html><body><h1>404 Not Found</h1></body></html>");
    }
    expect(emulator().profiles.has(existing.sid)).toBe(true);
    expect(server().requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(2).fill(`DELETE /not-the-api/v1/CustomerProfiles/${existing.sid}`));
  });

  it("answers any other unknown path under its host with its own 20404 JSON, as real Twilio does, the collection too", async () => {
    const existing = emulator().seed();
    for (const path of [`/typo/v1/CustomerProfiles/${existing.sid}`, "/typo/v1/CustomerProfiles"]) {
      const answer = await fetch(`${server().url}${path}`, { headers: { authorization: primaryAuth() } });
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await answer.json()).toEqual(twilio404(path));
    }
  });
});

describe("Twilio with a second account", () => {
  const call = async (method: string, path: string, authorization: string, body?: Record<string, string>) => {
    const answer = await fetch(`${server().url}${path}`, { method, headers: { authorization, ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) }, ...(body ? { body: new URLSearchParams(body).toString() } : {}) });
    return { status: answer.status, body: answer.status === 204 ? undefined : await answer.json() };
  };

  it("seeds into the other account by option or by account_sid, and each account lists only its own profiles", async () => {
    const mine = emulator().seed({ friendly_name: "Mine" });
    const byOption = emulator().seed({ friendly_name: "Theirs 1" }, { account: "other" });
    const byField = emulator().seed({ friendly_name: "Theirs 2", account_sid: emulator().otherAccountSid });
    expect([mine, byOption, byField].map((p) => p.account_sid)).toEqual([emulator().accountSid, emulator().otherAccountSid, emulator().otherAccountSid]);
    const sids = async (authorization: string) => ((await call("GET", "/v1/CustomerProfiles", authorization)).body as { results: Array<{ sid: string }> }).results.map((p) => p.sid);
    expect(await sids(primaryAuth())).toEqual([mine.sid]);
    expect((await sids(otherAuth())).sort()).toEqual([byOption.sid, byField.sid].sort());
  });

  it.each([
    ["GET", undefined],
    ["POST", { FriendlyName: "Hijacked" }],
    ["DELETE", undefined],
  ])("%s of another account's sid answers 20404 exactly as a sid that does not exist, and changes nothing", async (method, body) => {
    const theirs = emulator().seed({ friendly_name: "Theirs" }, { account: "other" });
    const before = structuredClone(theirs);
    const nowhere = `BU${"0".repeat(32)}`;
    const foreign = await call(method, `/v1/CustomerProfiles/${theirs.sid}`, primaryAuth(), body);
    const missing = await call(method, `/v1/CustomerProfiles/${nowhere}`, primaryAuth(), body);
    expect(foreign).toEqual({ status: 404, body: twilio404(`/v1/CustomerProfiles/${theirs.sid}`) });
    expect(missing).toEqual({ status: 404, body: twilio404(`/v1/CustomerProfiles/${nowhere}`) });
    expect(emulator().profiles.get(theirs.sid)).toEqual(before);
    // Its own account still reaches it.
    expect((await call("GET", `/v1/CustomerProfiles/${theirs.sid}`, otherAuth())).status).toBe(200);
  });

  it("a stack with the second account creates in that account; the first account's stack creates its own", async () => {
    await driver(sandbox.otherEnv).up(base);
    const theirs = [...emulator().profiles.values()];
    expect(theirs.map((p) => p.account_sid)).toEqual([emulator().otherAccountSid]);
    const d = driver();
    await d.up(base);
    expect(d.id).not.toBe(theirs[0]!.sid);
    expect(emulator().profiles.get(d.id!)!.account_sid).toBe(emulator().accountSid);
  });
});
