import { createHttpClient, HttpConnectionError, HttpTimeoutError, InsecureUrlError, RedirectRefusedError, Redactor, TlsError } from "../../provider/http";
import { SandboxServer, json, type Emulator } from "../../sandbox";

const echo: Emulator = { name: "echo", handle: (req) => json(200, { method: req.method, path: req.path }) };

let server: SandboxServer;
beforeEach(async () => {
  server = await SandboxServer.start(echo);
});
afterEach(async () => {
  await server.close();
});

describe("HTTP client", () => {
  it("refuses plain http to a host that is not loopback, before connecting", async () => {
    const client = createHttpClient();
    await expect(client.send({ method: "GET", url: "http://api.wavix.com/v1/profile" })).rejects.toBeInstanceOf(InsecureUrlError);
    await expect(client.send({ method: "GET", url: "http://api.wavix.com/v1/profile" })).rejects.toThrow(/refusing plain http:\/\/ to api.wavix.com/);
    await client.close();
  });

  it("reuses kept-alive connections instead of opening one per request", async () => {
    const client = createHttpClient();
    const ports = new Set<number>();
    const seen = (server as unknown as { server: import("node:http").Server }).server;
    seen.on("connection", (socket) => ports.add(socket.remotePort!));
    for (let i = 0; i < 20; i++) await client.send({ method: "GET", url: `${server.url}/x` });
    expect(server.requests).toHaveLength(20);
    // undici's pool may open a second socket while the first drains; never one per request.
    expect(ports.size).toBeLessThanOrEqual(2);
    await client.close();
  });

  it("retries 429 with Retry-After, then succeeds", async () => {
    server.inject({ status: 429, headers: { "retry-after": "0" }, times: 2 });
    const client = createHttpClient();
    const response = await client.send({ method: "POST", url: `${server.url}/create`, body: "{}" });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(3);
    await client.close();
  });

  it("a 429 with Retry-After pauses every request of that client (one account), not another client's", async () => {
    const started = Date.now();
    const arrivals: Record<string, number> = {};
    server.inject({ status: 429, headers: { "retry-after": "1" }, when: (r) => r.path === "/acme/first" });
    const acme = createHttpClient();
    const beta = createHttpClient();
    const first = acme.send({ method: "GET", url: `${server.url}/acme/first` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = async (client: typeof acme, path: string) => {
      await client.send({ method: "GET", url: `${server.url}${path}` });
      arrivals[path] = Date.now() - started;
    };
    await Promise.all([first, sent(acme, "/acme/second"), sent(beta, "/beta/first")]);
    const paths = server.requests.map((r) => r.path);
    expect(paths.slice(0, 2)).toEqual(["/acme/first", "/beta/first"]);
    expect(paths.slice(2).sort()).toEqual(["/acme/first", "/acme/second"]);
    expect(arrivals["/beta/first"]).toBeLessThan(900);
    expect(arrivals["/acme/second"]).toBeGreaterThanOrEqual(950);
    await Promise.all([acme.close(), beta.close()]);
  });

  it("never retries a non-idempotent create after a 503 or a reset", async () => {
    const client = createHttpClient();
    server.inject({ status: 503, times: 5 });
    expect((await client.send({ method: "POST", url: `${server.url}/create` })).status).toBe(503);
    expect(server.requests).toHaveLength(1);
    server.clearFaults();
    server.inject({ reset: true, times: 5 });
    await expect(client.send({ method: "POST", url: `${server.url}/create` })).rejects.toBeInstanceOf(HttpConnectionError);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it("retries a connection reset on an idempotent call", async () => {
    server.inject({ reset: true, times: 1 });
    const client = createHttpClient();
    expect((await client.send({ method: "GET", url: `${server.url}/x` })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it("times out a slow answer, three attempts at most", async () => {
    server.inject({ delayMs: 400, times: 3 });
    const client = createHttpClient({ timeoutMs: 100 });
    const error = await client.send({ method: "GET", url: `${server.url}/slow` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect((error as HttpTimeoutError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    await client.close();
  });
});

describe("Redactor", () => {
  it("masks registered secrets, their URL-encoded form, and authorization values", () => {
    const r = new Redactor();
    r.add("s3cr3t/key+1", "tiny", undefined);
    expect(r.redact("key=s3cr3t%2Fkey%2B1 and s3cr3t/key+1")).toBe("key=[redacted] and [redacted]");
    expect(r.redact('{"authorization":"Bearer abc.def.ghi"}')).toBe('{"authorization":"[redacted]"}');
    expect(r.redact("Authorization: Basic QUM6dG9rZW4=")).toBe("Authorization: [redacted]");
    // Too short to mask in place: a message holding it is withheld whole.
    expect(r.redact("it is tiny")).toBe("[message withheld: it contains a secret too short to mask]");
  });
});

describe("TLS", () => {
  it("verifies certificates: a self-signed server is refused, never trusted", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { createServer } = await import("node:https");
    const dir = mkdtempSync(join(tmpdir(), "pp-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    let served = 0;
    const server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => {
      served += 1;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as import("node:net").AddressInfo).port;
    const client = createHttpClient();
    const error = await client.send({ method: "GET", url: `https://localhost:${port}/v1/profile` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).attempts).toBe(1);
    expect((error as Error).message).toMatch(/certificate did not verify \(.*SELF_SIGNED/i);
    expect(served).toBe(0);
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe("sandbox request log endpoint", () => {
  it("never prints credentials", async () => {
    const client = createHttpClient();
    await client.send({ method: "GET", url: `${server.url}/x`, headers: { authorization: "Bearer sandbox-secret-token-123" } });
    const log = await client.send({ method: "GET", url: `${server.url}/_sandbox/requests` });
    expect(log.body).toContain('"authorization":"Bearer [redacted]"');
    expect(log.body).not.toContain("sandbox-secret-token-123");
    await client.close();
  });
});

describe("a refused redirect's message", () => {
  it.each([
    ["https://elsewhere.example/collect?token=stolen&sig=abc", "redirecting to https://elsewhere.example/collect;"],
    ["not a url ?token=stolen", "redirecting to (a Location that is not a URL);"],
    [undefined, "redirecting to (no Location);"],
  ])("shows the Location %j without any query string", (location, shown) => {
    const error = new RedirectRefusedError({ method: "GET", url: "https://api.example/v1", status: 302, location });
    expect(error.message).toContain(shown);
    expect(`${error.message} ${error.location}`).not.toContain("stolen");
  });
});
