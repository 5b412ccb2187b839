import * as pulumi from "@pulumi/pulumi";

/**
 * What a program registers with the engine for a profile: the properties it sets (plus the
 * API's outputs and originals), the provider module, and nothing the user did not ask for.
 * Runs the SDK against Pulumi's mock monitor; the real engine is in test/e2e.
 */
const registered: pulumi.runtime.MockResourceArgs[] = [];
beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(args.type.endsWith(":CustomerProfile") ? { sid: "BU" + "0".repeat(32), status: "draft" } : {}) } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

const { twilio, twosms, voximplant, wavix } = require("../../sdk") as typeof import("../../sdk");
const { secretInputKeys } = require("../../sdk/internal/profileResource") as typeof import("../../sdk/internal/profileResource");
const { listAdapters } = require("../../provider/engine/registry") as typeof import("../../provider/engine/registry");
const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("what a profile resource registers", () => {
  it("registers the fields the program sets with the provider module, and gives unset fields undefined outputs", async () => {
    const profile = new wavix.Profile("p", { first_name: "Ada", time_zone: "Europe/London" });
    expect(await valueOf(profile.first_name)).toBe("Ada");
    expect(await valueOf(profile.job_title)).toBeUndefined();
    // An unset field's output still depends on the profile, as a registered one does.
    const dependsOn = (output: unknown) => (output as { allResources(): Promise<Set<unknown>> }).allResources();
    expect((await dependsOn(profile.job_title)).has(profile)).toBe(true);
    expect((await dependsOn(profile.first_name)).has(profile)).toBe(true);
    const args = registered.find((r) => r.name === "p")!;
    expect(args.type).toBe("pulumi-nodejs:dynamic/wavix:Profile");
    expect(Object.keys(args.inputs).sort()).toEqual(["__owner", "__provider", "first_name", "time_zone"]);
    // Which resource this is, for the provider's ownership ledger (dynamic providers get no URN).
    expect(args.inputs.__owner).toBe(args.name);
    expect(args.inputs.__provider).toContain('require("pulumi-profiles/provider").providerFor("wavix")');
    expect(String(args.inputs.__provider).length).toBeLessThanOrEqual(1024);
  });

  it("wraps as secrets exactly the inputs the provider's field rules call secret (nested ones by their top-level field)", async () => {
    for (const adapter of listAdapters()) {
      const expected = [...new Set(Object.entries(adapter.fieldRules).filter(([, rule]) => rule.secret).map(([path]) => path.split(".")[0]!))].sort();
      expect([adapter.name, secretInputKeys(`pulumi-nodejs:dynamic/${adapter.name}:${adapter.resourceName}`).sort()]).toEqual([adapter.name, expected]);
    }
    const account = new twosms.Account("s", { Name: "Example Ltd", SMSPassword: "a-long-sms-password" });
    const info = new voximplant.AccountInfo("v", { account_first_name: "Ada", callback_salt: "a-long-callback-salt" });
    expect(await pulumi.isSecret(account.SMSPassword)).toBe(true);
    expect(await pulumi.isSecret(info.callback_salt)).toBe(true);
    expect(await pulumi.isSecret(account.Name)).toBe(false);
  });

  it("exposes the API's own outputs (Twilio sid and status) from what the engine answers", async () => {
    const profile = new twilio.CustomerProfile("t", { FriendlyName: "Support", Email: "ops@example.com", PolicySid: "RN" + "a".repeat(32) });
    expect(await valueOf(profile.sid)).toBe("BU" + "0".repeat(32));
    expect(await valueOf(profile.status)).toBe("draft");
  });

  it("leaves Error.stackTraceLimit as it found it, and an error thrown while registering keeps a stack that names the caller", () => {
    const before = Error.stackTraceLimit;
    new wavix.Profile("q", { first_name: "Ada" });
    expect(Error.stackTraceLimit).toBe(before);
    let thrown: Error | undefined;
    try {
      new wavix.Profile(undefined as unknown as string, { first_name: "Ada" });
    } catch (err) {
      thrown = err as Error;
    }
    expect(thrown?.message).toMatch(/name/i);
    expect(thrown?.stack).toContain("sdkRegistration.test.ts");
    expect(Error.stackTraceLimit).toBe(before);
  });
});
