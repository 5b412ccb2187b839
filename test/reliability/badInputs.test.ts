import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ProfileDriver } from "../support/driver";
import { sandboxPerFile } from "../support/fixtures";
import { badInputs } from "./badInputCatalogue";

const sandbox = sandboxPerFile();
beforeEach(() => sandbox.clearLogs());

const requestsSeen = () => Object.values(sandbox.servers).reduce((n, s) => n + s.requests.length, 0);
const VALID: Record<string, Record<string, unknown>> = {
  wavix: { first_name: "Ada" },
  voximplant: { language_code: "en" },
  twosms: { SMSPassword: "sms-secret" },
  twilio: { FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: "RN" + "a".repeat(32) },
};

describe("bad-input catalogue", () => {
  it("has at least 50 entries across the four APIs", () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(50);
    expect(new Set(badInputs.map((b) => b.api))).toEqual(new Set(["wavix", "voximplant", "twosms", "twilio"]));
  });

  it.each(badInputs.map((b) => [`${b.api}: ${b.label}`, b] as const))("%s fails before any request, naming the field and the rule", async (_title, bad) => {
    const env: Record<string, string> = { ...sandbox.env };
    for (const [key, value] of Object.entries(bad.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const driver = new ProfileDriver(bad.api, env);
    if (bad.inputs) {
      const result = await driver.up(bad.inputs);
      expect(result.failures).toContainEqual({ property: bad.names, reason: expect.stringMatching(bad.rule) });
    } else {
      const error = (await driver.up(VALID[bad.api]!).catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toContain(bad.names);
      expect(error.message).toMatch(bad.rule);
    }
    expect(requestsSeen()).toBe(0);
  });

  it("is listed in docs/bad-input.md", () => {
    const catalogue = readFileSync(join(__dirname, "../../docs/bad-input.md"), "utf8");
    const missing = badInputs.filter((b) => !catalogue.includes(`| ${b.api} | ${b.label} |`));
    expect(missing.map((b) => `${b.api}: ${b.label}`)).toEqual([]);
  });
});
