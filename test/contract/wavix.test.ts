import { INDUSTRIES } from "../../provider/apis/wavix/schema";
import { FOREIGN_PATH_PREFIX } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

const wavixWrites = () => sandbox.wavix.server.log({ method: "PUT" });
const wavixReads = () => sandbox.wavix.server.log({ method: "GET" });
const driver = () => new ProfileDriver("wavix", sandbox.env);

describe("Wavix profile lifecycle against the emulator", () => {
  it("adopts a profile that already matches with one GET and no write", async () => {
    const current = sandbox.wavix.emulator.profile;
    const d = driver();
    await d.up({ first_name: current.first_name, time_zone: current.timezone, company_info: { country_code: "US", billing_address: current.company_info.address } });
    expect(wavixReads()).toHaveLength(1);
    expect(wavixWrites()).toHaveLength(0);
    expect(d.id).toBe("profile");
  });

  it("writes exactly the one changed field in one PUT, in request names, after one GET proving the key is the recorded account's", async () => {
    const d = driver();
    await d.up({ first_name: "Jason", time_zone: "Pacific/Wallis" });
    expect(d.state).toMatchObject({ ownerAccount: String(sandbox.wavix.emulator.profile.id) });
    sandbox.clearLogs();
    await d.up({ first_name: "Jason", time_zone: "Europe/Berlin" });
    expect(wavixWrites()).toHaveLength(1);
    expect(JSON.parse(wavixWrites()[0]!.body)).toEqual({ time_zone: "Europe/Berlin" });
    // The key decides which account PUT /v1/profile writes: it must still be the one the stack adopted.
    expect(wavixReads()).toHaveLength(1);
    expect(sandbox.wavix.emulator.profile.timezone).toBe("Europe/Berlin");
    expect(d.state).toMatchObject({ first_name: "Jason", time_zone: "Europe/Berlin" });
  });

  it("writes nested company fields nested, and only those that differ", async () => {
    const d = driver();
    await d.up({ company_info: { country_code: "de", name: "Awesome Inc" } });
    expect(wavixWrites()).toHaveLength(1);
    expect(JSON.parse(wavixWrites()[0]!.body)).toEqual({ company_info: { country_code: "de" } });
    expect(sandbox.wavix.emulator.profile.company_info.country).toEqual({ country_name: "Germany", country_id: 276 });
    sandbox.clearLogs();
    // Wavix stores the code in upper case; the program's lower case is the same value.
    expect(await d.preview({ company_info: { country_code: "de", name: "Awesome Inc" } })).toBe(false);
  });

  it("sends nothing on a second up with the same inputs", async () => {
    const d = driver();
    const inputs = { first_name: "Grace", job_title: "CTO" };
    await d.up(inputs);
    sandbox.clearLogs();
    const result = await d.up(inputs);
    expect(result.changed).toBe(false);
    expect(sandbox.wavix.server.requests).toHaveLength(0);
  });

  it("refresh sends one GET and reports a field changed behind Pulumi's back as drift", async () => {
    const d = driver();
    const inputs = { first_name: "Grace", job_title: "CTO" };
    await d.up(inputs);
    sandbox.wavix.emulator.profile.job_title = "Intern";
    sandbox.clearLogs();
    await d.refresh();
    expect(sandbox.wavix.server.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(d.inputs).toEqual({ first_name: "Grace", job_title: "Intern" });
    expect(await d.preview(inputs)).toBe(true);
    await d.up(inputs);
    expect(JSON.parse(wavixWrites().at(-1)!.body)).toEqual({ job_title: "CTO" });
  });

  it("does not report unmanaged fields as drift", async () => {
    const d = driver();
    await d.up({ first_name: "Grace" });
    sandbox.wavix.emulator.profile.last_name = "Changed elsewhere";
    await d.refresh();
    expect(d.inputs).toEqual({ first_name: "Grace" });
    expect(await d.preview({ first_name: "Grace" })).toBe(false);
  });

  it("reads contacts from contact_email and the relay URLs from default_destinations, so drift in them shows", async () => {
    const d = driver();
    const inputs = { contacts: "billing@awesome.com", sms_relay_url: "https://hooks.example.com/sms", dlr_relay_url: "https://hooks.example.com/dlr" };
    await d.up(inputs);
    // contact_email already held the address: only the two relay URLs were written.
    expect(JSON.parse(wavixWrites()[0]!.body)).toEqual({ sms_relay_url: "https://hooks.example.com/sms", dlr_relay_url: "https://hooks.example.com/dlr" });
    expect(sandbox.wavix.emulator.profile.default_destinations).toEqual([
      { transport: "sms", value: "https://hooks.example.com/sms" },
      { transport: "dlr", value: "https://hooks.example.com/dlr" },
    ]);
    sandbox.clearLogs();
    expect((await d.up(inputs)).changed).toBe(false);
    expect(wavixWrites()).toHaveLength(0);

    // Someone edits all three in the portal: refresh sees it, and the next up repairs only them.
    const profile = sandbox.wavix.emulator.profile;
    profile.contact_email = "someone@else.example";
    profile.default_destinations = [{ transport: "sms", value: "https://elsewhere.example/sms" }];
    await d.refresh();
    expect(d.inputs).toEqual({ contacts: "someone@else.example", sms_relay_url: "https://elsewhere.example/sms", dlr_relay_url: null });
    expect(await d.preview(inputs)).toBe(true);
    sandbox.clearLogs();
    await d.up(inputs);
    expect(JSON.parse(wavixWrites()[0]!.body)).toEqual(inputs);
  });

  it("refuses an industry outside Wavix's 13 and accepts each of them", async () => {
    const d = driver();
    const refused = await d.up({ company_info: { industry: "agriculture" } });
    expect(refused.failures).toEqual([{ property: "company_info.industry", reason: expect.stringMatching(/one of Wavix's industries: telecommunications, .*other/) }]);
    expect(sandbox.wavix.server.requests).toHaveLength(0);
    for (const industry of INDUSTRIES) expect((await d.lifecycle.check({}, { company_info: { industry } })).failures).toEqual([]);
    expect(INDUSTRIES).toHaveLength(13);
  });

  it.each([
    ["time_zone", { time_zone: "Mars/Olympus" }, "time_zone", /IANA time zone/],
    ["country_code", { company_info: { country_code: "XX" } }, "company_info.country_code", /ISO 3166-1 alpha-2/],
    ["URL", { sms_relay_url: "not a url" }, "sms_relay_url", /absolute http/],
    ["industry", { company_info: { industry: "Telecommunications" } }, "company_info.industry", /industries/],
    ["unknown field", { nickname: "x" }, "nickname", /unknown field/],
  ])("rejects an invalid %s in check, naming the field, with no request", async (_label, inputs, property, reason) => {
    const d = driver();
    const result = await d.up(inputs);
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(sandbox.wavix.server.requests).toHaveLength(0);
  });

  it("reports a wrong key as a clear Wavix 401 error without the key", async () => {
    const wrongKey = "wvx_this-is-the-wrong-key-0123456789";
    const d = new ProfileDriver("wavix", { ...sandbox.env, WAVIX_API_KEY: wrongKey });
    const error = await d.up({ first_name: "Ada" }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Wavix read profile failed: HTTP 401: Unauthenticated/);
    expect((error as Error).message).not.toContain(wrongKey);
  });

  it("names the missing credential before any request", async () => {
    const d = new ProfileDriver("wavix", { WAVIX_BASE_URL: sandbox.wavix.server.url });
    await expect(d.up({ first_name: "Ada" })).rejects.toThrow(/missing setting wavix:apiKey.*WAVIX_API_KEY/);
    expect(sandbox.wavix.server.requests).toHaveLength(0);
  });

  it("succeeds after 503, 503, 200", async () => {
    sandbox.wavix.server.inject({ method: "GET", status: 503, times: 2 });
    const d = driver();
    await d.up({ first_name: "Jason" });
    expect(wavixReads()).toHaveLength(3);
    expect(d.id).toBe("profile");
  });

  it("gives a clear error after 3 attempts when 503 never stops", async () => {
    sandbox.wavix.server.inject({ method: "GET", status: 503, times: 100, body: JSON.stringify({ success: false, error: true, message: "Service unavailable" }) });
    const d = driver();
    await expect(d.up({ first_name: "Jason" })).rejects.toThrow("Wavix read profile failed: HTTP 503: Service unavailable after 3 attempts");
    expect(wavixReads()).toHaveLength(3);
  });

  it("restoreOnDelete writes the original values back; default delete sends nothing", async () => {
    const original = sandbox.wavix.emulator.profile.first_name;
    const keep = driver();
    await keep.up({ first_name: "Temporary" });
    sandbox.clearLogs();
    await keep.destroy();
    expect(sandbox.wavix.server.requests).toHaveLength(0);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Temporary");

    sandbox.wavix.emulator.profile.first_name = original;
    const restore = driver();
    await restore.up({ first_name: "Temporary", job_title: "Manager", restoreOnDelete: true });
    sandbox.clearLogs();
    await restore.destroy();
    expect(wavixWrites()).toHaveLength(1);
    expect(JSON.parse(wavixWrites()[0]!.body)).toEqual({ first_name: original });
    expect(sandbox.wavix.emulator.profile.first_name).toBe(original);
  });
});

describe("Wavix transport failures", () => {
  it("names Wavix and the operation when the connection keeps failing", async () => {
    sandbox.wavix.server.inject({ method: "GET", reset: true, times: 3 });
    const error = (await driver().up({ first_name: "Ada" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^Wavix read profile failed: GET http:\/\/127\.0\.0\.1:\d+\/v1\/profile failed: .+ after 3 attempts$/);
  });
});

describe("Wavix behind a mistyped base URL", () => {
  it("answers a web server's HTML 404, not Wavix's JSON, and applies nothing even with the right key", async () => {
    const server = sandbox.wavix.server;
    const answer = await fetch(`${server.url}${FOREIGN_PATH_PREFIX}/v1/profile`, {
      method: "PUT",
      headers: { authorization: `Bearer ${sandbox.wavix.emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ first_name: "Nobody" }),
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(await answer.text()).toBe("<html><body><h1>404 Not Found</h1></body></html>");
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Jason");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /not-the-api/v1/profile"]);
  });
});

describe("Wavix with a second account", () => {
  const readAs = async (key: string) => (await (await fetch(`${sandbox.wavix.server.url}/v1/profile`, { headers: { authorization: `Bearer ${key}` } })).json()) as { id: number; email: string };

  it("each key reads its own account's profile, told apart by id", async () => {
    const { apiKey, otherApiKey } = sandbox.wavix.emulator;
    expect(await readAs(apiKey)).toMatchObject({ id: 1, email: "info@awesome.com" });
    expect(await readAs(otherApiKey)).toMatchObject({ id: 2, email: sandbox.wavix.emulator.otherProfile.email });
    expect(sandbox.wavix.emulator.otherProfile.email).not.toBe(sandbox.wavix.emulator.profile.email);
  });

  it("a stack with the second account's key writes only that account's profile", async () => {
    const primaryBefore = structuredClone(sandbox.wavix.emulator.profile);
    await new ProfileDriver("wavix", sandbox.otherEnv).up({ first_name: "Maria", time_zone: "Europe/Madrid" });
    expect(wavixWrites().map((r) => r.headers.authorization)).toEqual([`Bearer ${sandbox.wavix.emulator.otherApiKey}`]);
    expect(sandbox.wavix.emulator.otherProfile).toMatchObject({ id: 2, first_name: "Maria", timezone: "Europe/Madrid" });
    expect(sandbox.wavix.emulator.profile).toEqual(primaryBefore);

    const otherBefore = structuredClone(sandbox.wavix.emulator.otherProfile);
    await driver().up({ first_name: "Grace" });
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Grace");
    expect(sandbox.wavix.emulator.otherProfile).toEqual(otherBefore);
  });
});
