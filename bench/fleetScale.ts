import { execFile } from "node:child_process";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import type { dynamic } from "@pulumi/pulumi";
import { SANDBOX_POLICY_SID } from "../sandbox";
import { pool, startEmulatorProcess } from "./scale";
import { median } from "./stats";

/**
 * Issue 24, provider only: many profiles across many accounts, refreshed and updated through the
 * provider as the dynamic-provider process runs it (the shipped bundle, `pulumi-profiles/provider`:
 * one lifecycle per process, configured once, each account's credentials in `<VAR>__<NAME>`
 * variables), against a Twilio emulator in a process of its own that adds latency to every
 * answer. Each configuration runs in a fresh node process (as every `pulumi` command starts a
 * fresh provider process), so its memory is its own.
 *
 * - memory runs (`compareRaw: false`): only the provider, at 1, 50 and 500 accounts with the same
 *   profile count: peak RSS and heap polled in that process, and the heap retained after a GC;
 * - the timing run (`compareRaw: true`): the provider against raw undici sending the same requests
 *   (one Agent per account with the provider's connection bound, the same global concurrency),
 *   back to back in alternating order, after one warm-up round; the ratio is taken per round.
 */
export interface FleetScaleConfig {
  profiles: number;
  accounts: number;
  latencyMs: number;
  /** Resource operations at once, as the engine's --parallel bounds them. */
  parallel: number;
  /** Measured rounds after the warm-up round. */
  rounds: number;
  compareRaw: boolean;
}

export interface FleetScaleRun extends FleetScaleConfig {
  /** Per measured round, milliseconds. */
  samples: { refresh: number[]; update: number[]; rawRefresh: number[]; rawUpdate: number[] };
  refreshMs: number;
  updateMs: number;
  rawRefreshMs?: number;
  rawUpdateMs?: number;
  /** Median of each round's ours / raw. */
  refreshVsRaw?: number;
  updateVsRaw?: number;
  /** profiles × latency / parallel: what no client can beat. */
  idealMs: number;
  /** Requests the emulator served for one pass of each (same for ours and raw, or the comparison is void). */
  requests: { refresh: number; update: number; rawRefresh?: number; rawUpdate?: number };
  memory: {
    /** After loading and configuring the provider and building the states, after a GC, before any request. */
    baselineRssMb: number;
    baselineHeapMb: number;
    /** Polled every 10 ms from the first request on (the states the driver holds are in the heap throughout). */
    peakRssMb: number;
    peakHeapUsedMb: number;
    /** heapUsed after a GC at the end, the states and the provider's clients still alive. */
    retainedHeapMb: number;
    /** process.resourceUsage().maxRSS: the kernel's own peak. */
    maxRssMb: number;
  };
  wallMs: number;
}

export interface FleetScaleResult {
  profiles: number;
  latencyMs: number;
  parallel: number;
  /** Load average (1 min) before and after, read from the OS: others share this machine. */
  load: { before: number; after: number };
  memoryRuns: FleetScaleRun[];
  timing: FleetScaleRun;
  wallMs: number;
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
export const accountName = (i: number, width = 3) => `acct-${String(i).padStart(width, "0")}`;
const envSuffix = (name: string) => name.toUpperCase().replace(/-/g, "_");

interface Item {
  id: string;
  account: string;
  auth: string;
  agent: Agent | undefined;
  state: Record<string, unknown>;
  email: string;
}

async function worker(config: FleetScaleConfig): Promise<FleetScaleRun> {
  const started = performance.now();
  const emulator = await startEmulatorProcess(config.profiles, config.latencyMs, config.accounts);
  const names = emulator.accounts.map((_, i) => accountName(i));
  // What the CLI hands the dynamic-provider process: the base URL and each account's variables;
  // no top-level credentials (an account's never fall back to them).
  for (const key of Object.keys(process.env)) if (key.startsWith("TWILIO_")) delete process.env[key];
  process.env.TWILIO_TRUSTHUB_BASE_URL = emulator.url;
  emulator.accounts.forEach((a, i) => {
    process.env[`TWILIO_ACCOUNT_SID__${envSuffix(names[i]!)}`] = a.accountSid;
    process.env[`TWILIO_AUTH_TOKEN__${envSuffix(names[i]!)}`] = a.authToken;
  });
  const provider = (require("pulumi-profiles/provider") as { providerFor(api: string): Required<dynamic.ResourceProvider> }).providerFor("twilio");
  await provider.configure({ config: { get: () => undefined } } as unknown as dynamic.ConfigureRequest);

  // Raw undici: one pool per account bounded as the provider's (provider/http/transport.ts, 16 per
  // origin); none in a memory run, whose heap is the provider's and the states'.
  const agents = config.compareRaw ? emulator.accounts.map(() => new Agent({ connections: 16, keepAliveTimeout: 10_000 })) : [];
  const auths = emulator.accounts.map((a) => `Basic ${Buffer.from(`${a.accountSid}:${a.authToken}`).toString("base64")}`);
  // Profile i is in account i % accounts (emulatorProcess.ts): interleaved, as a program that
  // declares each customer's profiles in turn would have the engine start them.
  const items: Item[] = emulator.sids.map((sid, i) => {
    const a = i % emulator.accounts.length;
    const email = `p${i}@example.com`;
    // The state of a profile the stack created (`created`, in the account it was made in): what
    // the warm-up read completes, as a refresh does.
    const state = { FriendlyName: `Profile ${i}`, Email: email, PolicySid: SANDBOX_POLICY_SID, account: names[a], created: true, ownerAccount: emulator.accounts[a]!.accountSid, sid };
    return { id: sid, account: names[a]!, auth: auths[a]!, agent: agents[a], state, email };
  });

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);

  const timed = async (work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  const refresh = () =>
    pool(items, config.parallel, async (item) => {
      const read = await provider.read(item.id, item.state);
      if (!read.props) throw new Error(`profile ${item.id} read as gone`);
      item.state = read.props;
    });
  // What the engine runs for each resource of an `up` whose program changed it: check, diff, update.
  const update = (round: number) =>
    pool(items, config.parallel, async (item) => {
      const news = { FriendlyName: `Profile r${round} ${item.id}`, Email: item.email, PolicySid: SANDBOX_POLICY_SID, account: item.account };
      const checked = await provider.check(item.state, news);
      if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const diff = await provider.diff(item.id, item.state, checked.inputs!);
      if (!diff.changes) throw new Error(`expected a change for ${item.id}`);
      item.state = (await provider.update(item.id, item.state, checked.inputs!)).outs!;
    });
  const rawRefresh = () =>
    pool(items, config.parallel, async (item) => {
      const res = await request(`${emulator.url}/v1/CustomerProfiles/${item.id}`, { dispatcher: item.agent!, headers: { authorization: item.auth } });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`raw GET ${item.id}: ${res.statusCode}`);
    });
  const rawUpdate = (round: number) =>
    pool(items, config.parallel, async (item) => {
      const body = new URLSearchParams({ FriendlyName: `Profile raw${round} ${item.id}` }).toString();
      const res = await request(`${emulator.url}/v1/CustomerProfiles/${item.id}`, { method: "POST", dispatcher: item.agent!, headers: { authorization: item.auth, "content-type": "application/x-www-form-urlencoded" }, body });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`raw POST ${item.id}: ${res.statusCode}`);
    });

  const samples = { refresh: [] as number[], update: [] as number[], rawRefresh: [] as number[], rawUpdate: [] as number[] };
  const requests: FleetScaleRun["requests"] = { refresh: 0, update: 0 };
  const refreshRatios: number[] = [];
  const updateRatios: number[] = [];
  try {
    for (let round = 0; round <= config.rounds; round++) {
      // Round 0 warms up: the JIT, every account's connections, the emulator; and the states.
      const oursFirst = !config.compareRaw || round % 2 === 1;
      const measured = round > 0;
      // A memory run's warm-up is one refresh (it completes the states); the timing run's warms both up for both clients.
      const pairs: Array<[keyof typeof samples, () => Promise<void>]> = [["refresh", refresh]];
      if (measured || config.compareRaw) pairs.push(["update", () => update(round)]);
      for (const [name, ours] of pairs) {
        const raw = name === "refresh" ? rawRefresh : () => rawUpdate(round);
        const order: Array<[keyof typeof samples, () => Promise<void>]> = config.compareRaw
          ? oursFirst
            ? [[name, ours], [name === "refresh" ? "rawRefresh" : "rawUpdate", raw]]
            : [[name === "refresh" ? "rawRefresh" : "rawUpdate", raw], [name, ours]]
          : [[name, ours]];
        for (const [label, work] of order) {
          await emulator.count();
          const ms = await timed(work);
          const sent = await emulator.count();
          if (round === 1) (requests as Record<string, number>)[label] = sent;
          if (measured) samples[label].push(Math.round(ms));
        }
      }
      if (measured && config.compareRaw) {
        refreshRatios.push(samples.refresh.at(-1)! / samples.rawRefresh.at(-1)!);
        updateRatios.push(samples.update.at(-1)! / samples.rawUpdate.at(-1)!);
      }
    }
  } finally {
    clearInterval(sampler);
    await Promise.all(agents.map((a) => a.close()));
    emulator.stop();
  }
  gc?.();
  const retained = process.memoryUsage().heapUsed;
  // The states stay alive up to here, so the retained heap counts them as the engine's process would.
  if (items.length !== config.profiles) throw new Error("lost items");
  return {
    ...config,
    samples,
    refreshMs: median(samples.refresh),
    updateMs: median(samples.update),
    ...(config.compareRaw ? { rawRefreshMs: median(samples.rawRefresh), rawUpdateMs: median(samples.rawUpdate), refreshVsRaw: median(refreshRatios), updateVsRaw: median(updateRatios) } : {}),
    idealMs: (config.profiles * config.latencyMs) / config.parallel,
    requests,
    memory: {
      baselineRssMb: mb(baseline.rss),
      baselineHeapMb: mb(baseline.heapUsed),
      peakRssMb: mb(peakRss),
      peakHeapUsedMb: mb(peakHeap),
      retainedHeapMb: mb(retained),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    wallMs: Math.round(performance.now() - started),
  };
}

/** One configuration in a fresh node process (with --expose-gc, for the retained heap). */
function runWorker(config: FleetScaleConfig): Promise<FleetScaleRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", __filename, "worker", JSON.stringify(config)], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`fleet scale worker ${JSON.stringify(config)} failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as FleetScaleRun);
    });
  });
}

export async function measureFleetScale(
  options: { profiles: number; accounts: number[]; timingAccounts: number; latencyMs: number; parallel: number; rounds: number },
  log: (line: string) => void,
): Promise<FleetScaleResult> {
  const started = performance.now();
  const before = loadavg()[0]!;
  const memoryRuns: FleetScaleRun[] = [];
  const base = { profiles: options.profiles, latencyMs: options.latencyMs, parallel: options.parallel };
  for (const accounts of options.accounts) {
    log(`provider only: ${options.profiles} profiles across ${accounts} account(s), memory run`);
    memoryRuns.push(await runWorker({ ...base, accounts, rounds: 1, compareRaw: false }));
  }
  log(`provider only: ${options.profiles} profiles across ${options.timingAccounts} accounts against raw undici, ${options.rounds} rounds`);
  const timing = await runWorker({ ...base, accounts: options.timingAccounts, rounds: options.rounds, compareRaw: true });
  return { ...base, load: { before, after: loadavg()[0]! }, memoryRuns, timing, wallMs: Math.round(performance.now() - started) };
}

if (require.main === module && process.argv[2] === "worker") {
  worker(JSON.parse(process.argv[3]!) as FleetScaleConfig)
    .then((result) => process.stdout.write(JSON.stringify(result) + "\n"))
    .catch((err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    });
}
