import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { Agent, request } from "undici";
import { ProfileLifecycle } from "../provider/engine/lifecycle";
import { loadAdapter } from "../provider/engine/registry";

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
  /** Ours against raw undici in the same run; the goal is ≤ 1.05. */
  refreshVsRaw: number;
  updateVsRaw: number;
  refreshRatio: number;
  updateRatio: number;
  rawRatio: number;
  samples: { refresh: number[]; update: number[]; rawRefresh: number[]; rawUpdate: number[] };
  peakRssMb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

interface Emulator {
  url: string;
  accountSid: string;
  authToken: string;
  sids: string[];
  stop: () => void;
}

async function startEmulatorProcess(profiles: number, latencyMs: number): Promise<Emulator> {
  const child = spawn(process.execPath, [join(__dirname, "emulatorProcess.js"), String(profiles), String(latencyMs)], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return { ...(JSON.parse(line) as Omit<Emulator, "stop">), stop: () => child.stdin!.end() };
}

/**
 * 1,000 Twilio profiles (the API with many objects) refreshed and updated through one provider
 * lifecycle, as Pulumi's engine would with --parallel 16, against an emulator process adding
 * latency to every answer; and the same requests sent with raw undici. Ours and raw alternate,
 * round after round, after one warm-up round, so both see the same machine; medians are kept.
 */
export async function measureScale(profiles: number, latencyMs: number, concurrency: number, rounds = 3): Promise<ScaleResult> {
  const emulator = await startEmulatorProcess(profiles, latencyMs);
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  try {
    const lifecycle = new ProfileLifecycle(loadAdapter("twilio"));
    lifecycle.configure({ get: () => undefined }, { TWILIO_TRUSTHUB_BASE_URL: emulator.url, TWILIO_ACCOUNT_SID: emulator.accountSid, TWILIO_AUTH_TOKEN: emulator.authToken });
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
        s.state = (await lifecycle.read(s.id, s.state)).props!;
      });
    let round = 0;
    const update = () => {
      round += 1;
      return pool(states, concurrency, async (s) => {
        s.state = (await lifecycle.update(s.id, s.state, { sid: s.id, FriendlyName: `Profile ${round} ${s.id}`, Email: s.state.Email })).outs;
      });
    };

    const samples = { refresh: [] as number[], update: [] as number[], rawRefresh: [] as number[], rawUpdate: [] as number[] };
    for (let i = 0; i <= rounds; i++) {
      const measured = { rawRefresh: await timed(rawRefresh), refresh: await timed(refresh), rawUpdate: await timed(rawUpdate), update: await timed(update) };
      // Round 0 warms up the JIT, both connection pools and the emulator.
      if (i === 0) continue;
      for (const key of Object.keys(samples) as (keyof typeof samples)[]) samples[key].push(Math.round(measured[key]));
    }

    const idealMs = (profiles * latencyMs) / concurrency;
    const [refreshMs, updateMs, rawRefreshMs, rawUpdateMs] = [samples.refresh, samples.update, samples.rawRefresh, samples.rawUpdate].map(median) as [number, number, number, number];
    return {
      profiles, latencyMs, concurrency, rounds, idealMs,
      refreshMs, updateMs, rawRefreshMs, rawUpdateMs,
      refreshVsRaw: refreshMs / rawRefreshMs, updateVsRaw: updateMs / rawUpdateMs,
      refreshRatio: refreshMs / idealMs, updateRatio: updateMs / idealMs, rawRatio: rawRefreshMs / idealMs,
      samples,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await agent.close();
    emulator.stop();
  }
}
