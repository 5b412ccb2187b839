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
