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
  idealMs: number;
  refreshMs: number;
  updateMs: number;
  /** The same GETs sent with raw undici: what the machine and emulator allow. */
  rawRefreshMs: number;
  refreshRatio: number;
  updateRatio: number;
  rawRatio: number;
  peakRssMb: number;
}

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
 * latency to every answer.
 */
export async function measureScale(profiles: number, latencyMs: number, concurrency: number): Promise<ScaleResult> {
  const emulator = await startEmulatorProcess(profiles, latencyMs);
  try {
    const lifecycle = new ProfileLifecycle(loadAdapter("twilio"));
    lifecycle.configure({ get: () => undefined }, { TWILIO_TRUSTHUB_BASE_URL: emulator.url, TWILIO_ACCOUNT_SID: emulator.accountSid, TWILIO_AUTH_TOKEN: emulator.authToken });
    const states = emulator.sids.map((sid, i) => ({ id: sid, state: { sid, FriendlyName: `Profile ${i}`, Email: `p${i}@example.com`, originals: {} } as Record<string, unknown> }));

    const agent = new Agent({ connections: concurrency });
    const auth = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64")}`;
    let started = performance.now();
    await pool(emulator.sids, concurrency, async (sid) => {
      await (await request(`${emulator.url}/v1/CustomerProfiles/${sid}`, { dispatcher: agent, headers: { authorization: auth } })).body.text();
    });
    const rawRefreshMs = performance.now() - started;
    await agent.close();

    started = performance.now();
    await pool(states, concurrency, async (s) => {
      s.state = (await lifecycle.read(s.id, s.state)).props!;
    });
    const refreshMs = performance.now() - started;

    started = performance.now();
    await pool(states, concurrency, async (s) => {
      s.state = (await lifecycle.update(s.id, s.state, { sid: s.id, FriendlyName: `${s.state.FriendlyName} v2`, Email: s.state.Email })).outs;
    });
    const updateMs = performance.now() - started;

    const idealMs = (profiles * latencyMs) / concurrency;
    return {
      profiles, latencyMs, concurrency, idealMs,
      refreshMs: Math.round(refreshMs), updateMs: Math.round(updateMs), rawRefreshMs: Math.round(rawRefreshMs),
      refreshRatio: refreshMs / idealMs, updateRatio: updateMs / idealMs, rawRatio: rawRefreshMs / idealMs,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    emulator.stop();
  }
}
