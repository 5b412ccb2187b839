import fc from "fast-check";
import { redactor } from "../../provider/http";
import { SandboxServer, json, SANDBOX_POLICY_SID, type Fault, type RecordedRequest } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerFile } from "../support/fixtures";
import { formsToScan, headerSafeSecret, leaksIn, printableSecret, settingSecret } from "../support/secrets";

/**
 * Random secrets from the full printable range go through each API's real request building
 * (the provider's HTTP client against the emulator), with the debug log on. Nothing a proxy
 * would log (method and URL) holds any form of them; the redactor masks every form the request
 * actually carried (URL, headers, body); and neither the debug log nor an error in which the API
 * echoes the secret prints one.
 */
jest.setTimeout(600_000);

const sandbox = sandboxPerFile();
const NUM_RUNS = 40;

let debugLines: string[] = [];
let stderrWrite: jest.SpyInstance;
beforeAll(() => {
  process.env.PULUMI_PROFILES_DEBUG = "1";
  stderrWrite = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    debugLines.push(...String(chunk).split("\n").filter((line) => line.includes("[pulumi-profiles]")));
    return true;
  });
});
afterAll(() => {
  delete process.env.PULUMI_PROFILES_DEBUG;
  stderrWrite.mockRestore();
});

/** A request as it crossed the wire: request line with the full target, headers, body. */
const wireText = (server: SandboxServer, index: number, r: RecordedRequest) =>
  [server.accessLog[index], ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), "", r.body].join("\n");

interface Exchange {
  /** What the program declares, and the settings the provider reads. */
  inputs: Record<string, unknown>;
  env: Record<string, string>;
  /** A fault in which the API echoes the secret in its own error format. */
  echo: Fault;
  /** What the second run declares, when the first run's inputs would leave it nothing to write. */
  echoInputs?: Record<string, unknown>;
  secrets: string[];
  pairs?: Array<[string, string]>;
}

async function throughTheWire(api: string, server: SandboxServer, exchange: Exchange) {
  const forms = formsToScan(exchange.secrets, exchange.pairs);
  const from = server.accessLog.length;
  const firstRequest = server.requests.length;
  debugLines = [];

  const ok = await new ProfileDriver(api, { ...sandbox.env, ...exchange.env }).up(exchange.inputs);
  // The API accepted the secret as it was encoded: its validation takes such characters.
  expect(ok.failures).toEqual([]);
  server.inject(exchange.echo);
  const error = (await new ProfileDriver(api, { ...sandbox.env, ...exchange.env }).up(exchange.echoInputs ?? exchange.inputs).catch((e: Error) => e)) as Error;
  // An echo that no request met would answer the next run's first write instead.
  server.clearFaults();
  expect(error).toBeInstanceOf(Error);

  const urls = server.accessLog.slice(from);
  const requests = server.requests.slice(firstRequest);
  expect(urls.length).toBeGreaterThan(1);
  expect(debugLines.length).toBeGreaterThanOrEqual(urls.length);
  expect({ urls: leaksIn(urls.join("\n"), forms) }).toEqual({ urls: [] });
  const redactedWire = requests.map((r, i) => redactor.redact(wireText(server, from + i, r))).join("\n");
  expect({ wire: leaksIn(redactedWire, forms) }).toEqual({ wire: [] });
  expect({ debug: leaksIn(debugLines.join("\n"), forms) }).toEqual({ debug: [] });
  expect({ error: leaksIn(error.message, forms) }).toEqual({ error: [] });
  // The echo did reach the message, masked: the error path was exercised, not skipped.
  expect(error.message).toContain("[redacted]");
}

describe("secrets on the wire, random printable secrets through each API's real requests", () => {
  beforeEach(() => sandbox.clearLogs());

  it("Wavix: the API key (a Bearer header: visible ASCII and inner spaces)", async () => {
    await fc.assert(
      fc.asyncProperty(headerSafeSecret(), async (key) => {
        sandbox.wavix.emulator.addKey(key);
        await throughTheWire("wavix", sandbox.wavix.server, {
          inputs: { job_title: `Lead ${Math.random()}` },
          env: { WAVIX_API_KEY: key },
          // The second run adopts a profile that already matches, so its only request is the read.
          echo: { path: "/v1/profile", status: 422, body: JSON.stringify({ success: false, error: true, message: `key ${key} is not allowed` }) },
          secrets: [key],
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("Voximplant: the password and callback salt (form body of SetAccountInfo)", async () => {
    await fc.assert(
      fc.asyncProperty(printableSecret(), printableSecret(), async (password, salt) => {
        // The documented password rule: upper, lower, digit and special character.
        const strong = `Aa1!${password}`;
        await throughTheWire("voximplant", sandbox.voximplant.server, {
          inputs: { new_account_password: strong, callback_salt: salt },
          env: {},
          echo: { path: "/platform_api/SetAccountInfo", status: 200, body: JSON.stringify({ error: { msg: `Invalid arguments: new_account_password=${strong}&callback_salt=${salt}`, code: 101 } }) },
          secrets: [strong, salt],
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("Voximplant: credentials.json given as base64 with the newline `base64` prints (as given, decoded, the key)", async () => {
    const { credentials } = sandbox.voximplant.emulator;
    const json = JSON.stringify(credentials);
    const given = `${Buffer.from(json).toString("base64")}\n`;
    await throughTheWire("voximplant", sandbox.voximplant.server, {
      inputs: { account_first_name: `Ada ${Math.random()}` },
      env: { VOXIMPLANT_CREDENTIALS: given },
      echo: { path: "/platform_api/GetAccountInfo", status: 200, body: JSON.stringify({ error: { msg: `Authorization failed: ${given.trim()} is ${json}`, code: 100 } }) },
      secrets: [given, given.trim(), json, credentials.private_key],
    });
  });

  it("2sms: the client secret (token form body) and SMSPassword (JSON or XML body)", async () => {
    await fc.assert(
      fc.asyncProperty(settingSecret(), printableSecret(), fc.constantFrom("json", "xml"), async (clientSecret, smsPassword, format) => {
        sandbox.twosms.emulator.rotateClientSecret(clientSecret);
        const reason = `SMSPassword ${smsPassword} refused`;
        const body =
          format === "json"
            ? JSON.stringify({ Error: { ErrorCode: "ValidationError", ErrorReason: reason }, ResponseData: null })
            : `<?xml version="1.0"?><ResponseOfObject><Error><ErrorCode>ValidationError</ErrorCode><ErrorReason>${reason.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</ErrorReason></Error></ResponseOfObject>`;
        await throughTheWire("twosms", sandbox.twosms.server, {
          inputs: { SMSPassword: smsPassword },
          // SMSPassword is readable, so the second run writes only for another field; every PUT repeats the password.
          echoInputs: { SMSPassword: smsPassword, FirstName: `Echo ${Math.random()}` },
          env: { TWOSMS_CLIENT_SECRET: clientSecret, TWOSMS_WIRE_FORMAT: format },
          echo: { method: "PUT", status: 400, headers: { "content-type": format === "json" ? "application/json" : "application/xml" }, body },
          secrets: [clientSecret, smsPassword],
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("Twilio: the API key secret (base64 in HTTP Basic)", async () => {
    await fc.assert(
      fc.asyncProperty(settingSecret(), async (secret) => {
        const key = sandbox.twilio.emulator.issueApiKey(secret);
        await throughTheWire("twilio", sandbox.twilio.server, {
          inputs: { FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: SANDBOX_POLICY_SID },
          env: { TWILIO_API_KEY: key.sid, TWILIO_API_SECRET: secret },
          echo: { method: "POST", path: "/v1/CustomerProfiles", status: 400, body: JSON.stringify({ code: 20001, message: `Invalid credential ${key.sid}:${secret}`, status: 400 }) },
          secrets: [secret],
          pairs: [[key.sid, secret]],
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("redirects: credentials go only to the configured host", () => {
  let elsewhere: SandboxServer;
  beforeAll(async () => {
    elsewhere = await SandboxServer.start({ name: "elsewhere", handle: () => json(200, {}) });
  });
  afterAll(() => elsewhere.close());
  beforeEach(() => {
    sandbox.clearLogs();
    elsewhere.clearLog();
  });

  const VALID: Record<string, Record<string, unknown>> = {
    wavix: { job_title: "Redirected" },
    voximplant: { language_code: "de" },
    twosms: { SMSPassword: "sms-secret-1" },
    twilio: { FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: SANDBOX_POLICY_SID },
  };
  const cases: Array<[string, string, string | undefined]> = [
    ["wavix", "wavix", undefined],
    ["voximplant", "voximplant", undefined],
    ["twosms", "twosms", "/Token"],
    ["twosms", "twosms", "/api/v1/admin/accounts"],
    ["twilio", "twilio", undefined],
  ];

  it.each(cases)("%s: a 307 to another loopback port is refused, and nothing reaches that port (%s %s)", async (api, name, path) => {
    const server = sandbox.servers[name]!;
    server.inject({ ...(path ? { path } : {}), status: 307, headers: { location: `${elsewhere.url}/collect?token=stolen` } });
    // The property tests above rotated the 2sms client secret.
    const env = { ...sandbox.env, TWOSMS_CLIENT_SECRET: sandbox.twosms.emulator.clientSecret };
    const error = (await new ProfileDriver(api, env).up(VALID[api]!).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/answered HTTP 307 redirecting to http:\/\/127\.0\.0\.1:\d+\/collect; redirects are not followed/);
    expect(error.message).not.toContain("stolen");
    expect(elsewhere.requests).toHaveLength(0);
    // Refused once, not retried: the redirect is not a transient failure.
    expect(server.requests.filter((r) => r.fault === "status 307")).toHaveLength(1);
  });
});
