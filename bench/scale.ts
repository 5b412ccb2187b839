import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { Agent, request } from "undici";
import type { dynamic } from "@pulumi/pulumi";
import { median } from "./stats";

export interface ScaleResult {
  profiles: number;
  latencyMs: number;
  concurrency: number;
  rounds: number;
  idealMs: number;
  /** Medians over the rounds. */
  refreshMs: number;
  updateMs: number;
  /** The same requests sent with raw undici (GET for refresh, the same form POST for update): what the machine and emulator allow. */
  rawRefreshMs: number;
  rawUpdateMs: number;
  /** Ours against raw undici: the median of each round's ratio (the two ran back to back); the goal is ≤ 1.05. */
  refreshVsRaw: number;
  updateVsRaw: number;
  refreshRatio: number;
  updateRatio: number;
  rawRatio: number;
  samples: { refresh: number[]; update: number[]; rawRefresh: number[]; rawUpdate: number[] };
  peakRssMb: number;
}

/** Runs `work` over `items` in order with at most `concurrency` at once: how the engine's --parallel bounds resource operations. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

export interface EmulatorAccount {
  accountSid: string;
  authToken: string;
  sids: string[];
}

export interface Emulator {
  url: string;
  accountSid: string;
  authToken: string;
  sids: string[];
  /** With `accounts`: the added accounts, profile i in account i % accounts. */
  accounts: EmulatorAccount[];
  /** Requests the emulator served since the last count. */
  count: () => Promise<number>;
  stop: () => void;
}

/** bench/emulatorProcess.ts in a child process: the emulator never shares the measured process's CPU. */
export async function startEmulatorProcess(profiles: number, latencyMs: number, accounts = 0): Promise<Emulator> {
  const child = spawn(process.execPath, [join(__dirname, "emulatorProcess.js"), String(profiles), String(latencyMs), String(accounts)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, "line")) as [string];
  const count = async () => {
    child.stdin!.write("count\n");
    const [answer] = (await once(lines, "line")) as [string];
    return Number(answer);
  };
  return { ...(JSON.parse(line) as Omit<Emulator, "stop" | "count">), count, stop: () => child.stdin!.end() };
}

/**
 * 1,000 Twilio profiles (the API with many objects) refreshed and updated through the provider
 * as the dynamic-provider process loads it (the shipped bundle, `pulumi-profiles/provider`), as
 * Pulumi's engine would with --parallel 16, against an emulator process adding latency to every
 * answer; and the same requests sent with raw undici. Ours and raw run back to back, in an order
 * that alternates each round, after one warm-up round; the ratio is taken per round.
 */
export async function measureScale(profiles: number, latencyMs: number, concurrency: number, rounds = 5): Promise<ScaleResult> {
  const emulator = await startEmulatorProcess(profiles, latencyMs);
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  try {
    Object.assign(process.env, { TWILIO_TRUSTHUB_BASE_URL: emulator.url, TWILIO_ACCOUNT_SID: emulator.accountSid, TWILIO_AUTH_TOKEN: emulator.authToken });
    const provider = (require("pulumi-profiles/provider") as { providerFor(api: string): Required<dynamic.ResourceProvider> }).providerFor("twilio");
    await provider.configure({ config: { get: () => undefined } } as unknown as dynamic.ConfigureRequest);
    const states = emulator.sids.map((sid, i) => ({ id: sid, state: { sid, FriendlyName: `Profile ${i}`, Email: `p${i}@example.com`, originals: {} } as Record<string, unknown> }));
    const auth = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64")}`;

    const timed = async (work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const rawRefresh = () =>
      pool(emulator.sids, concurrency, async (sid) => {
        await (await request(`${emulator.url}/v1/CustomerProfiles/${sid}`, { dispatcher: agent, headers: { authorization: auth } })).body.text();
      });
    let rawRound = 0;
    const rawUpdate = () => {
      rawRound += 1;
      return pool(states, concurrency, async (s) => {
        const body = new URLSearchParams({ FriendlyName: `Profile raw ${rawRound} ${s.id}` }).toString();
        const res = await request(`${emulator.url}/v1/CustomerProfiles/${s.id}`, { method: "POST", dispatcher: agent, headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body });
        await res.body.text();
      });
    };
    const refresh = () =>
      pool(states, concurrency, async (s) => {
        s.state = (await provider.read(s.id, s.state)).props!;
      });
    let round = 0;
    const update = () => {
      round += 1;
      return pool(states, concurrency, async (s) => {
        s.state = (await provider.update(s.id, s.state, { sid: s.id, FriendlyName: `Profile ${round} ${s.id}`, Email: s.state.Email })).outs;
      });
    };

    const samples = { refresh: [] as number[], update: [] as number[], rawRefresh: [] as number[], rawUpdate: [] as number[] };
    const pair = async (raw: () => Promise<void>, ours: () => Promise<void>, rawFirst: boolean) => {
      if (rawFirst) return { raw: await timed(raw), ours: await timed(ours) };
      const oursMs = await timed(ours);
      return { raw: await timed(raw), ours: oursMs };
    };
    const refreshRatios: number[] = [];
    const updateRatios: number[] = [];
    for (let i = 0; i <= rounds; i++) {
      const reads = await pair(rawRefresh, refresh, i % 2 === 0);
      const writes = await pair(rawUpdate, update, i % 2 === 0);
      // Round 0 warms up the JIT, both connection pools and the emulator.
      if (i === 0) continue;
      samples.rawRefresh.push(Math.round(reads.raw));
      samples.refresh.push(Math.round(reads.ours));
      samples.rawUpdate.push(Math.round(writes.raw));
      samples.update.push(Math.round(writes.ours));
      refreshRatios.push(reads.ours / reads.raw);
      updateRatios.push(writes.ours / writes.raw);
    }

    const idealMs = (profiles * latencyMs) / concurrency;
    const [refreshMs, updateMs, rawRefreshMs, rawUpdateMs] = [samples.refresh, samples.update, samples.rawRefresh, samples.rawUpdate].map(median) as [number, number, number, number];
    return {
      profiles, latencyMs, concurrency, rounds, idealMs,
      refreshMs, updateMs, rawRefreshMs, rawUpdateMs,
      refreshVsRaw: median(refreshRatios), updateVsRaw: median(updateRatios),
      refreshRatio: refreshMs / idealMs, updateRatio: updateMs / idealMs, rawRatio: rawRefreshMs / idealMs,
      samples,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await agent.close();
    emulator.stop();
  }
}
