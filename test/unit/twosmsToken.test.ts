import { TwoSmsClient } from "../../provider/apis/twosms/client";
import { Settings } from "../../provider/engine/settings";
import { SandboxServer, TwoSmsEmulator } from "../../sandbox";

/**
 * 2sms hands out OAuth tokens at `POST /Token`. A refresh of many 2sms resources in parallel
 * must ask for one token, not one per resource (each costs a request and, on the real API,
 * counts against its rate limit), and a revoked token is replaced once, not once per request.
 */
describe("2sms token (single-flight)", () => {
  let emulator: TwoSmsEmulator;
  let server: SandboxServer;
  let client: TwoSmsClient;

  beforeEach(async () => {
    emulator = new TwoSmsEmulator();
    server = await SandboxServer.start(emulator);
    server.latencyMs = 20; // every request, the token's included, is in flight long enough to overlap
    const env = { TWOSMS_BASE_URL: server.url, TWOSMS_CLIENT_ID: emulator.clientId, TWOSMS_CLIENT_SECRET: emulator.clientSecret };
    client = TwoSmsClient.fromSettings(new Settings({ get: () => undefined }, env));
  });
  afterEach(async () => {
    await server.close();
  });

  const readInParallel = (count: number) => Promise.all(Array.from({ length: count }, () => client.read(emulator.account.ID.toLowerCase())));

  it("parallel reads share one token request", async () => {
    const results = await readInParallel(8);
    expect(results.every((r) => r?.fields.Name === emulator.account.Name)).toBe(true);
    expect(emulator.tokenRequests).toBe(1);
    expect(server.requests.filter((r) => r.path === "/Token")).toHaveLength(1);
  });

  it("after the token is revoked, parallel reads fetch exactly one new token and all succeed", async () => {
    await readInParallel(1);
    emulator.revokeTokens();
    const results = await readInParallel(8);
    expect(results.every((r) => r?.fields.Name === emulator.account.Name)).toBe(true);
    expect(emulator.tokenRequests).toBe(2);
  });
});
