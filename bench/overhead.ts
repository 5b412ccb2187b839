import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import type { Sandbox } from "../sandbox";
import { ProfileDriver } from "../test/support/driver";
import { median } from "./stats";

export interface OverheadResult {
  latencyMs: number;
  samples: number;
  providerMedianMs: number;
  rawMedianMs: number;
  ratio: number;
}

/**
 * One Wavix update as Pulumi's engine drives it (check → diff → update, one PUT) against one raw
 * undici PUT of the same body to the same emulator, alternating so both see the same machine.
 */
export async function measureOverhead(sandbox: Sandbox, latencyMs: number, samples: number): Promise<OverheadResult> {
  const server = sandbox.wavix.server;
  server.latencyMs = latencyMs;
  const d = new ProfileDriver("wavix", sandbox.env);
  await d.up({ job_title: "t-0" });
  const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000 });
  const provider: number[] = [];
  const raw: number[] = [];
  for (let i = 1; i <= samples + 10; i++) {
    const inputs = { job_title: `t-${i}` };
    let started = performance.now();
    const checked = await d.lifecycle.check(d.state!, inputs);
    const diff = await d.lifecycle.diff(d.id!, d.state!, checked.inputs);
    if (!diff.changes) throw new Error("expected a change");
    d.state = (await d.lifecycle.update(d.id!, d.state!, checked.inputs)).outs;
    const providerMs = performance.now() - started;

    started = performance.now();
    const res = await request(`${server.url}/v1/profile`, {
      method: "PUT",
      dispatcher: agent,
      headers: { authorization: `Bearer ${sandbox.wavix.emulator.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ job_title: `r-${i}` }),
    });
    await res.body.text();
    const rawMs = performance.now() - started;
    // The first rounds warm up the JIT and the connection pools.
    if (i > 10) {
      provider.push(providerMs);
      raw.push(rawMs);
    }
  }
  await agent.close();
  server.latencyMs = 0;
  const providerMedianMs = median(provider);
  const rawMedianMs = median(raw);
  return { latencyMs, samples, providerMedianMs, rawMedianMs, ratio: providerMedianMs / rawMedianMs };
}
