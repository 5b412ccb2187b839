import { ConfigurationError, Settings } from "../../provider/engine";
import { redactor } from "../../provider/http";

const apiKey = { config: "wavix:apiKey", env: "WAVIX_API_KEY", secret: true } as const;
const baseUrl = { config: "wavix:baseUrl", env: "WAVIX_BASE_URL" } as const;
const noConfig = { get: () => undefined };

/**
 * A key pasted into a CI secret with a trailing newline is the commonest way a setting arrives
 * malformed. It means the key without the newline, and both forms are secret from then on.
 */
describe("settings", () => {
  it("a secret given with surrounding whitespace is used trimmed, and both forms are masked", () => {
    const given = "  wx-key-7Hq9Lp2Vd\r\n";
    expect(new Settings(noConfig, { WAVIX_API_KEY: given }).get(apiKey)).toBe("wx-key-7Hq9Lp2Vd");
    expect(redactor.redact(`sent ${given.trim()} as given: ${given}.`)).toBe("sent [redacted] as given: [redacted].");
  });

  it("a plain setting is trimmed too; a blank stack config value falls back to the environment", () => {
    const config = { get: (key: string) => (key === "wavix:baseUrl" ? " \n" : undefined) };
    expect(new Settings(config, { WAVIX_BASE_URL: "http://127.0.0.1:8080\n" }).get(baseUrl)).toBe("http://127.0.0.1:8080");
    expect(new Settings(noConfig, { WAVIX_BASE_URL: "\n" }).get(baseUrl)).toBeUndefined();
  });

  it("a secret shorter than 8 characters once trimmed is refused without printing it", () => {
    const read = () => new Settings(noConfig, { WAVIX_API_KEY: "abc12\n\n\n\n" }).get(apiKey);
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow("wavix:apiKey: expected at least 8 characters");
    expect(read).not.toThrow(/abc12/);
  });
});

/**
 * A fleet's credentials: each account's set from the `<api>:accounts` config object (what
 * `pulumi config set --secret --path 'wavix:accounts.acme.apiKey'` writes) or the environment's
 * `<VARIABLE>__<ACCOUNT>`. A credential never falls back to the top-level one: a profile of
 * account acme must not be written with the default account's key.
 */
describe("settings of a named account", () => {
  const accounts = JSON.stringify({ acme: { apiKey: "acme-key-7Hq9Lp2Vd" }, "beta-eu": { baseUrl: "http://127.0.0.1:9999" } });
  const config = { get: (key: string) => ({ "wavix:accounts": accounts, "wavix:apiKey": "top-key-Zq81Lm3Xc", "wavix:baseUrl": "http://127.0.0.1:8080" })[key] };

  it("reads the account's own credential from the config object, and shares the top-level base URL", () => {
    const acme = new Settings(config, {}).forAccount("acme");
    expect(acme.get(apiKey)).toBe("acme-key-7Hq9Lp2Vd");
    expect(acme.get({ ...baseUrl, shared: true })).toBe("http://127.0.0.1:8080");
  });

  it("an account's own base URL wins over the top-level one", () => {
    expect(new Settings(config, {}).forAccount("beta-eu").get({ ...baseUrl, shared: true })).toBe("http://127.0.0.1:9999");
  });

  it("reads the environment's VARIABLE__ACCOUNT, the hyphen as an underscore", () => {
    expect(new Settings(noConfig, { WAVIX_API_KEY__BETA_EU: "beta-key-Pp0Lq8Xa", WAVIX_API_KEY: "top-key-Zq81Lm3Xc" }).forAccount("beta-eu").get(apiKey)).toBe("beta-key-Pp0Lq8Xa");
  });

  it("an account without its own credential is refused, naming its config path and variable, never given the top-level key", () => {
    const read = () => new Settings(config, { WAVIX_API_KEY: "top-key-Zq81Lm3Xc" }).forAccount("beta-eu").require(apiKey);
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(`missing setting wavix:accounts.beta-eu.apiKey for account "beta-eu": set it with \`pulumi config set --secret --path 'wavix:accounts.beta-eu.apiKey' …\` or the environment variable WAVIX_API_KEY__BETA_EU`);
  });

  it("a malformed accounts object is refused without quoting it (it holds secrets)", () => {
    const broken = { get: (key: string) => (key === "wavix:accounts" ? '{"acme": {"apiKey": "acme-key-7Hq9Lp2Vd"' : undefined) };
    const read = () => new Settings(broken, {}).forAccount("acme").get(apiKey);
    expect(read).toThrow("wavix:accounts: expected an object of accounts");
    expect(read).not.toThrow(/acme-key/);
    const notText = { get: (key: string) => (key === "wavix:accounts" ? JSON.stringify({ acme: { apiKey: { nested: "acme-key-7Hq9Lp2Vd" } } }) : undefined) };
    expect(() => new Settings(notText, {}).forAccount("acme").get(apiKey)).toThrow("wavix:accounts.acme.apiKey: expected a string");
  });

  it("a value `pulumi config set --path` kept as a number is its text", () => {
    const numeric = { get: (key: string) => (key === "twosms:accounts" ? JSON.stringify({ acme: { clientId: 20481 } }) : undefined) };
    expect(new Settings(numeric, {}).forAccount("acme").get({ config: "twosms:clientId", env: "TWOSMS_CLIENT_ID" })).toBe("20481");
  });

  it("an account's secret joins the redactor as soon as it is read", () => {
    new Settings(config, {}).forAccount("acme").get(apiKey);
    expect(redactor.redact("key acme-key-7Hq9Lp2Vd")).toBe("key [redacted]");
  });
});
