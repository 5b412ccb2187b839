import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as an emulator received it; tests assert on these. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** The fault that answered it instead of the emulator, if any. */
  fault?: string;
}

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** An API emulator: a pure-ish handler over its own state; the framework does the HTTP. */
export interface Emulator {
  readonly name: string;
  handle(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
}

/**
 * Scripted misbehaviour for the next matching requests: a status (with optional Retry-After
 * and body), a delay, a connection reset, or "apply then lose the response".
 */
export interface Fault {
  method?: string;
  path?: string | RegExp;
  /** Narrows the match further (e.g. on the body): the sandbox runs in the test's process. */
  when?: (request: EmulatorRequest) => boolean;
  /** How many matching requests it affects (default 1). */
  times?: number;
  status?: number;
  /** Let the emulator apply the request first, then answer `status`: a server that committed and then failed (a 502 from a gateway). */
  afterApply?: boolean;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  /** Destroy the socket before answering. */
  reset?: boolean;
  /** Let the emulator apply the request, send the headers and half the body, then destroy the socket. */
  truncate?: boolean;
  /** Let the emulator apply the request, then destroy the socket: a write whose answer is lost. */
  loseResponse?: boolean;
  /** Answer the emulator's status and headers with this body instead (malformed JSON/XML). */
  replaceBody?: string;
  /**
   * Answer only once this settles (the request has arrived and is counted as meeting the fault):
   * lets a test hold a failure until other requests it is waiting for have arrived too.
   */
  hold?: Promise<unknown>;
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

function matches(fault: Fault, request: EmulatorRequest): boolean {
  if (fault.method && fault.method !== request.method) return false;
  if (fault.when && !fault.when(request)) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === "string" ? fault.path === request.path : fault.path.test(request.path);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A base URL path that is not the API: every emulator answers under it what a web server or API
 * gateway answers for a path it does not route (an HTML 404 page), never the API's own error.
 * `${server.url}${FOREIGN_PATH_PREFIX}` stands for a mistyped base URL, so a client can be shown
 * a 404 that says nothing about its profile. The page is nginx's default one cut to its heading
 * (nginx/nginx src/http/ngx_http_special_response.c, `ngx_http_error_404_page`:
 * `<center><h1>404 Not Found</h1></center>`), served as text/html.
 */
export const FOREIGN_PATH_PREFIX = "/not-the-api";

const isForeignPath = (path: string) => path === FOREIGN_PATH_PREFIX || path.startsWith(`${FOREIGN_PATH_PREFIX}/`);

const foreignNotFound = (): EmulatorResponse => ({
  status: 404,
  headers: { "content-type": "text/html" },
  body: "<html><body><h1>404 Not Found</h1></body></html>",
});

/** A running emulator on 127.0.0.1, on a port the OS picked (hermetic: tests never collide). */
export class SandboxServer {
  readonly requests: RecordedRequest[] = [];
  /** Every Authorization value ever received; kept across clearLog() for secret scans. */
  readonly authorizations = new Set<string>();
  /**
   * What a proxy, load balancer or API gateway in front of the API would log: method and full
   * URL (the request target as sent) of every request. Kept across clearLog() for secret scans.
   */
  readonly accessLog: string[] = [];
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private readonly sockets = new Set<Socket>();
  /** Requests being answered, and who waits for none to be. */
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** Added to every answer, to measure behaviour under real-world round-trip times. */
  latencyMs = 0;

  private constructor(
    readonly emulator: Emulator,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(emulator: Emulator, port = 0): Promise<SandboxServer> {
    let instance: SandboxServer | undefined;
    const server = createServer((req, res) => void instance!.serve(req, res));
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    instance = new SandboxServer(emulator, server, `http://127.0.0.1:${bound}`);
    server.on("connection", (socket) => {
      instance!.sockets.add(socket);
      socket.on("close", () => instance!.sockets.delete(socket));
    });
    return instance;
  }

  /** Scripts a fault; the returned function tells whether a request has met it yet. */
  inject(fault: Fault): () => boolean {
    const entry = { ...fault, remaining: fault.times ?? 1 };
    this.faults.push(entry);
    return () => entry.remaining < (fault.times ?? 1);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  /** Requests that reached the emulator, not counting the framework's own endpoints. */
  log(filter: { method?: string; path?: string } = {}): RecordedRequest[] {
    return this.requests.filter((r) => (!filter.method || r.method === filter.method) && (!filter.path || r.path === filter.path));
  }

  /**
   * Resolves once no request is being answered: a request slowed past the client's timeout is
   * still applied by the emulator when its delay ends, and a test may need it to have landed.
   */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(request: EmulatorRequest): Fault | undefined {
    const index = this.faults.findIndex((f) => matches(f, request));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      await this.answer(req, res);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const request: EmulatorRequest = { method, path: url.pathname, query: url.searchParams, headers: headerRecord(req), body: Buffer.concat(chunks).toString("utf8") };

    if (url.pathname === "/_sandbox/requests") {
      // Credentials stay out of anything printed, even the sandbox's own.
      const masked = this.requests.map((r) => (r.headers.authorization ? { ...r, headers: { ...r.headers, authorization: `${r.headers.authorization.split(" ")[0]} [redacted]` } } : r));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(masked));
      return;
    }
    if (request.headers.authorization) this.authorizations.add(request.headers.authorization);
    this.accessLog.push(`${method} ${this.url}${req.url ?? "/"}`);
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body: request.body };
    this.requests.push(record);

    const fault = this.takeFault(request);
    if (fault?.hold) await fault.hold;
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (fault?.delayMs) {
      record.fault = `delayed ${fault.delayMs} ms`;
      await sleep(fault.delayMs);
    }
    if (fault?.reset) {
      record.fault = "reset";
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined && !fault.afterApply) {
      record.fault = `status ${fault.status}`;
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers }).end(fault.body ?? "");
      return;
    }
    let answer: EmulatorResponse;
    try {
      // The foreign server stands where the emulator would: faults and latency still apply to it.
      answer = isForeignPath(request.path) ? foreignNotFound() : await this.emulator.handle(request);
    } catch (err) {
      answer = { status: 500, headers: { "content-type": "text/plain" }, body: `emulator error: ${(err as Error).message}` };
    }
    if (fault?.status !== undefined) {
      record.fault = `applied, then status ${fault.status}`;
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers }).end(fault.body ?? "");
      return;
    }
    if (fault?.loseResponse) {
      record.fault = "response lost";
      req.socket.destroy();
      return;
    }
    if (fault?.truncate) {
      record.fault = "reset mid-response";
      const body = answer.body ?? "";
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => req.socket.destroy(), 10);
      return;
    }
    if (fault?.replaceBody !== undefined) record.fault = "malformed body";
    res.writeHead(answer.status, answer.headers ?? {}).end(fault?.replaceBody ?? answer.body ?? "");
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});
