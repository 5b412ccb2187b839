import { configKeyFor, resourceNameFor } from "../../cli/codegen";
import ts from "typescript";
import { main } from "../../cli/main";
import type { Sandbox } from "../../sandbox";
import { declaredResources } from "../support/generatedProgram";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

const sandbox = sandboxPerTest();

async function runImport(args: string[], env: Record<string, string> = sandbox.env) {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: "/nonexistent-not-a-project", env: { ...env } });
  return { code, out, err };
}

const writesTo = (api: keyof Sandbox["servers"]) => sandbox.servers[api]!.requests.filter((r) => r.method !== "GET" && r.path !== "/Token" && !r.path.endsWith("/GetAccountInfo"));

describe("pulumi-profiles import", () => {
  it.each(["wavix", "voximplant", "twosms"] as const)("imports the %s profile with one read; the generated program round-trips with no write", async (api) => {
    const { code, out, err } = await runImport(["import", api, ...(api === "twosms" ? ["--id", sandbox.twosms.emulator.account.ID] : [])]);
    expect(code).toBe(0);
    expect(err).toContain("reading the");
    const reads = sandbox.servers[api]!.requests.filter((r) => r.path !== "/Token");
    expect(reads).toHaveLength(1);

    const [resource, ...rest] = declaredResources(out, { twosmsSMSPassword: sandbox.twosms.emulator.account.SMSPassword });
    expect(rest).toHaveLength(0);
    expect(resource!.module).toBe(api);
    sandbox.clearLogs();
    const d = new ProfileDriver(api, sandbox.env);
    const result = await d.up(resource!.args);
    expect(result.failures).toEqual([]);
    // 2sms's SMSPassword is readable: set to the current value, adoption writes nothing, as for every API.
    expect(writesTo(api)).toHaveLength(0);
    sandbox.clearLogs();
    expect((await d.up(resource!.args)).changed).toBe(false);
    expect(writesTo(api)).toHaveLength(0);
  });

  it("imports every 2sms account the client may view, its own first, each pinned by id with a password key of its own; up writes nothing", async () => {
    const { emulator } = sandbox.twosms;
    const { code, out } = await runImport(["import", "twosms"]);
    expect(code).toBe(0);
    expect(sandbox.servers.twosms!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /Token",
      "GET /api/v1/admin/accounts",
      `GET /api/v1/admin/accounts/${emulator.account.ID.toLowerCase()}/accounts`,
      `GET /api/v2/admin/accounts/${emulator.account.ID.toLowerCase()}`,
      `GET /api/v2/admin/accounts/${emulator.subAccount.ID.toLowerCase()}`,
    ]);
    const passwords: Record<string, string> = {};
    for (const record of [emulator.account, emulator.subAccount]) passwords[configKeyFor(resourceNameFor("twosms", record.Name, new Set()), "SMSPassword")] = record.SMSPassword;
    expect(Object.keys(passwords).every((key) => out.includes(`config.requireSecret("${key}")`))).toBe(true);
    const resources = declaredResources(out, passwords);
    expect(resources.map((r) => r.args.accountId)).toEqual([emulator.account.ID.toLowerCase(), emulator.subAccount.ID.toLowerCase()]);
    expect(out).not.toContain(emulator.account.SMSPassword);
    sandbox.clearLogs();
    for (const resource of resources) expect((await new ProfileDriver("twosms", sandbox.env).up(resource.args)).failures).toEqual([]);
    expect(writesTo("twosms")).toHaveLength(0);
  });

  it("imports every Twilio profile the credentials see, each adopted by its sid", async () => {
    const a = sandbox.twilio.emulator.seed({ friendly_name: "Acme Support" });
    const b = sandbox.twilio.emulator.seed({ friendly_name: "Acme Sales" });
    const { code, out } = await runImport(["import", "twilio"]);
    expect(code).toBe(0);
    // One list, and each profile's assignments (none here, so no bundle object to read): reads only.
    expect(sandbox.twilio.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v1/CustomerProfiles",
      `GET /v1/CustomerProfiles/${a.sid}/EntityAssignments`,
      `GET /v1/CustomerProfiles/${b.sid}/EntityAssignments`,
    ]);
    const resources = declaredResources(out);
    expect(resources.map((r) => [r.name, r.args.sid])).toEqual([["twilio-acme-support", a.sid], ["twilio-acme-sales", b.sid]]);
    for (const resource of resources) {
      sandbox.clearLogs();
      await new ProfileDriver("twilio", sandbox.env).up(resource.args);
      expect(sandbox.twilio.server.log({ method: "POST" })).toHaveLength(0);
    }
  });

  it("imports one Twilio profile by --sid, leaving out a status Twilio owns", async () => {
    const rejected = sandbox.twilio.emulator.seed({ friendly_name: "Acme Sales", status: "twilio-rejected" });
    const { out } = await runImport(["import", "twilio", "--sid", rejected.sid]);
    expect(out).toContain(`// Status: "twilio-rejected", (left out: the current value fails check`);
    expect(declaredResources(out)[0]!.args).toEqual({ sid: rejected.sid, FriendlyName: "Acme Sales", Email: "compliance@example.com", PolicySid: rejected.policy_sid });
  });

  it("emits secrets, readable or write-only, as config.requireSecret references with the key to set, never their values", async () => {
    sandbox.voximplant.emulator.account.callback_salt = "salt-that-must-not-print";
    const { out } = await runImport(["import", "twosms", "voximplant", "--id", sandbox.twosms.emulator.account.ID]);
    expect(out).toContain('SMSPassword: config.requireSecret("twosmsSMSPassword"),');
    expect(out).toContain("pulumi config set --secret twosmsSMSPassword <value>");
    expect(out).toContain('// new_account_password: config.requireSecret("voximplantNewAccountPassword"),');
    expect(out).toContain('// callback_salt: config.requireSecret("voximplantCallbackSalt"),');
    expect(out).not.toContain(sandbox.twosms.emulator.account.SMSPassword);
    expect(out).not.toContain("salt-that-must-not-print");
  });

  it("writes valid TypeScript that does not shadow its imports", async () => {
    const { out } = await runImport(["import", "--all"]);
    expect(out).toMatch(/^export const wavixProfile = new wavix\.Profile\("wavix", \{$/m);
    expect(out).toMatch(/^export const twosms[A-Z]\w* = new twosms\.Account\("twosms-[a-z0-9-]+", \{$/m);
    expect(out).toMatch(/^ {2}company_info: \{\n {4}name: "Awesome Inc",$/m);
    const diagnostics = ts.transpileModule(out, { reportDiagnostics: true }).diagnostics ?? [];
    expect(diagnostics).toEqual([]);
  });

  it("--all skips APIs without credentials and says so on stderr", async () => {
    const { code, out, err } = await runImport(["import", "--all"], { WAVIX_BASE_URL: sandbox.env.WAVIX_BASE_URL!, WAVIX_API_KEY: sandbox.env.WAVIX_API_KEY! });
    expect(code).toBe(0);
    expect(err).toMatch(/skipping Voximplant: missing setting voximplant:credentials/);
    expect(declaredResources(out).map((r) => r.module)).toEqual(["wavix"]);
  });

  it("fails with the provider's own message and no secret when the key is wrong", async () => {
    const { code, out, err } = await runImport(["import", "wavix"], { ...sandbox.env, WAVIX_API_KEY: "wvx_wrong-key-for-import-0000" });
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("import failed: Wavix read profile failed: HTTP 401: Unauthenticated");
    expect(err).not.toContain("wvx_wrong-key-for-import-0000");
  });

  it("reports an unknown Twilio sid as the API's 404", async () => {
    const { code, err } = await runImport(["import", "twilio", "--sid", "BU" + "0".repeat(32)]);
    expect(code).toBe(1);
    expect(err).toContain("not found");
  });

  it("rejects an unknown API with usage", async () => {
    const { code, err } = await runImport(["import", "skype"]);
    // 1, as every error: 2 is drift's "changes found", and a pipeline must not take usage for it.
    expect(code).toBe(1);
    expect(err).toContain("unknown API: skype");
  });
});
