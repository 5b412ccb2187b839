import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import type { Sandbox } from "../sandbox";
import { SANDBOX_POLICY_SID } from "../sandbox";
import { createStack, makeProgramDir } from "../scripts/pulumi-cli/localStack";
import { twilio } from "../sdk";

/**
 * A dynamic provider as Pulumi's docs show one: an object literal of async methods, serialized
 * with everything it captures into every resource's state, doing its own HTTP. Credentials come
 * from the environment (the docs' closures often capture them, which would put them in state).
 */
const naiveProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const base = process.env.TWILIO_TRUSTHUB_BASE_URL;
    const auth = "Basic " + Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString("base64");
    const body = new URLSearchParams({ FriendlyName: inputs.FriendlyName, Email: inputs.Email, PolicySid: inputs.PolicySid });
    const res = await fetch(`${base}/v1/CustomerProfiles`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body });
    if (!res.ok) throw new Error(`create failed: ${res.status}`);
    const profile = (await res.json()) as { sid: string };
    return { id: profile.sid, outs: { ...inputs, ...profile } };
  },
  async read(id, props) {
    const base = process.env.TWILIO_TRUSTHUB_BASE_URL;
    const auth = "Basic " + Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString("base64");
    const res = await fetch(`${base}/v1/CustomerProfiles/${id}`, { headers: { authorization: auth } });
    if (!res.ok) throw new Error(`read failed: ${res.status}`);
    return { id, props: { ...props, ...((await res.json()) as object) } };
  },
  async update(id, _olds, news) {
    const base = process.env.TWILIO_TRUSTHUB_BASE_URL;
    const auth = "Basic " + Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString("base64");
    const body = new URLSearchParams({ FriendlyName: news.FriendlyName, Email: news.Email });
    const res = await fetch(`${base}/v1/CustomerProfiles/${id}`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body });
    return { outs: { ...news, ...((await res.json()) as object) } };
  },
  async delete(id) {
    const base = process.env.TWILIO_TRUSTHUB_BASE_URL;
    const auth = "Basic " + Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString("base64");
    await fetch(`${base}/v1/CustomerProfiles/${id}`, { method: "DELETE", headers: { authorization: auth } });
  },
};

class NaiveProfile extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>) {
    super(naiveProvider, name, { ...args, sid: undefined, status: undefined }, undefined, "naive", "CustomerProfile");
  }
}

export interface CliRun {
  provider: "pulumi-profiles" | "naive";
  resources: number;
  createMs: number;
  noopUpMs: number;
  refreshMs: number;
  stateBytesPerResource: number;
  serializedProviderBytes: number;
}

export interface CliComparison {
  runs: CliRun[];
  noopUpRatio: number;
  refreshRatio: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return Math.round(performance.now() - started);
}

async function runStack(kind: CliRun["provider"], count: number, sandbox: Sandbox): Promise<CliRun> {
  const program = makeProgramDir(`pulumi-profiles-bench-${kind}-`);
  try {
    const stack = await createStack({
      programDir: program.dir,
      stackName: kind,
      projectName: "bench",
      program: async () => {
        for (let i = 0; i < count; i++) {
          const args = { FriendlyName: `Bench ${i}`, Email: `bench${i}@example.com`, PolicySid: SANDBOX_POLICY_SID };
          if (kind === "naive") new NaiveProfile(`p${i}`, args);
          else new twilio.CustomerProfile(`p${i}`, args);
        }
      },
      env: sandbox.env,
    });
    const parallel = 16;
    const createMs = await timed(() => stack.up({ parallel }));
    const noopUpMs = await timed(() => stack.up({ parallel }));
    const refreshMs = await timed(() => stack.refresh({ parallel }));
    const state = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    const stateBytesPerResource = Math.round(state.reduce((n: number, r: unknown) => n + JSON.stringify(r).length, 0) / state.length);
    const serializedProviderBytes = (state[0].inputs.__provider as string).length;
    await stack.destroy({ parallel });
    return { provider: kind, resources: count, createMs, noopUpMs, refreshMs, stateBytesPerResource, serializedProviderBytes };
  } finally {
    program.cleanup();
  }
}

export async function compareWithNaiveProvider(sandbox: Sandbox, count: number): Promise<CliComparison> {
  const ours = await runStack("pulumi-profiles", count, sandbox);
  const naive = await runStack("naive", count, sandbox);
  return { runs: [ours, naive], noopUpRatio: ours.noopUpMs / naive.noopUpMs, refreshRatio: ours.refreshMs / naive.refreshMs };
}
