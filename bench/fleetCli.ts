import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Sandbox } from "../sandbox";
import { pulumiBin } from "../scripts/pulumi-cli/localStack";
import { makeProject, measureRounds, medians, pairedRatios, type Operation, type Project } from "./realCli";

/**
 * Issue 24 through the real CLI, in one run on project directories: one stack of Twilio
 * Customer-Profiles spread over many accounts (`account` input, each account's credentials in
 * `TWILIO_ACCOUNT_SID__<NAME>` / `TWILIO_AUTH_TOKEN__<NAME>`), against the same count in ONE
 * account through the same input, and against the naive dynamic provider given each account's
 * credentials as resource inputs (bench/programs/naive.js). Customer-Profiles because an account
 * holds many of them: Wavix's, Voximplant's and a 2sms client's own profile is one per account,
 * so "1,000 profiles in one account" exists only for an API with many objects per account.
 */
export const FLEET_VARIANTS = ["fleet", "oneAccount", "naiveFleet"] as const;
export type FleetVariant = (typeof FLEET_VARIANTS)[number];

export interface FleetCliResult {
  /** The variants this run measured (a run may leave one out to fit its time). */
  variants: FleetVariant[];
  profiles: number;
  accounts: number;
  parallel: number;
  repeats: number;
  medianMs: Partial<Record<FleetVariant, Record<Operation, number>>>;
  samplesMs: Partial<Record<FleetVariant, Record<Operation, number[]>>>;
  /** Median of each round's ratio (the variants of a round ran back to back); goal ≤ 1.10. */
  fleetVsOneAccount?: Record<Operation, number>;
  fleetVsNaive?: Record<Operation, number>;
  stateBytesPerResource: Partial<Record<FleetVariant, number>>;
  serializedProviderBytes: Partial<Record<FleetVariant, number>>;
  load: { before: number; after: number };
  wallMs: number;
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

export async function measureFleetCli(
  sandbox: Sandbox,
  options: { profiles: number; accounts: number; parallel: number; repeats: number; variants?: FleetVariant[] },
  log: (line: string) => void,
): Promise<FleetCliResult> {
  const variants = options.variants ?? [...FLEET_VARIANTS];
  pulumiBin();
  const started = performance.now();
  const before = loadavg()[0]!;
  // Each variant's own accounts, so no two share a Twilio account's profiles (ours' create lists
  // the account's profiles by FriendlyName and PolicySid first).
  const fleet = sandbox.addFleet(names("fleet", options.accounts));
  const solo = sandbox.addFleet(["solo"]);
  const naive = sandbox.addFleet(names("naive", options.accounts));
  const setup: Record<FleetVariant, { main: string; env: Record<string, string>; accounts: string[] }> = {
    fleet: { main: "ours", env: fleet.env, accounts: fleet.accounts.map((a) => a.name) },
    oneAccount: { main: "ours", env: solo.env, accounts: ["solo"] },
    naiveFleet: { main: "naive", env: naive.env, accounts: naive.accounts.map((a) => a.name) },
  };
  const projects: Project[] = [];
  try {
    for (const variant of variants) {
      const { main, env, accounts } = setup[variant];
      projects.push(await makeProject(variant, "fleet", options.profiles, sandbox, { ...env, BENCH_ACCOUNTS: accounts.join(",") }, main));
    }
    const rounds = await measureRounds(projects, options.parallel, options.repeats, log, `fleet CLI, ${options.profiles} profiles, ${variants.join(" / ")}`);
    const samplesMs = rounds.samplesMs;
    const has = (v: FleetVariant) => variants.includes(v);
    return {
      ...options,
      variants,
      medianMs: Object.fromEntries(variants.map((v) => [v, medians(samplesMs[v]!)])),
      samplesMs: samplesMs as FleetCliResult["samplesMs"],
      ...(has("fleet") && has("oneAccount") ? { fleetVsOneAccount: pairedRatios(samplesMs, "fleet", "oneAccount") } : {}),
      ...(has("fleet") && has("naiveFleet") ? { fleetVsNaive: pairedRatios(samplesMs, "fleet", "naiveFleet") } : {}),
      stateBytesPerResource: rounds.stateBytesPerResource,
      serializedProviderBytes: rounds.serializedProviderBytes,
      load: { before, after: loadavg()[0]! },
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const project of projects) project.cleanup();
  }
}
