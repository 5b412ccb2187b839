import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../scripts/pulumi-cli/localStack";
import { median } from "./stats";

/** A representative program input per API, to time the first check and diff. */
const FIRST_INPUTS: Record<string, Record<string, unknown>> = {
  wavix: { first_name: "Ada", time_zone: "Europe/London", company_info: { name: "Analytical Engines Ltd", country_code: "GB" } },
  voximplant: { account_first_name: "Ada", language_code: "en", location: "Europe/London", news_notifications: false },
  twosms: { Name: "Analytical Engines Ltd", TwoFactorEnabled: true, SMSPassword: "bench-sms-password-1", TimeZone: "GMT Standard Time" },
  twilio: { FriendlyName: "Bench 0", Email: "bench0@example.com", PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5" },
};

export interface ProviderLoad {
  api: string;
  /** `require("pulumi-profiles/provider")` and providerFor(api): what the host's handler() does. */
  loadMs: number;
  /** Plus configure and the first check and diff: all before the first answer of a no-op `up`. */
  firstAnswerMs: number;
  /** Modules loaded from disk for it; one is the bundle. */
  modules: number;
}

export interface LoadResult {
  runs: number;
  bundleBytes: number;
  providers: ProviderLoad[];
  /** `require("pulumi-profiles")` in a program that has loaded @pulumi/pulumi already. */
  sdkLoadMs: number;
  sdkModules: number;
}

/** One fresh node process, as Pulumi starts one per command. */
function freshProcess(script: string): Record<string, number> {
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8" })) as Record<string, number>;
}

function providerScript(api: string): string {
  return `
    const before = Object.keys(require.cache).length;
    const t0 = process.hrtime.bigint();
    const provider = require("pulumi-profiles/provider").providerFor(${JSON.stringify(api)});
    const t1 = process.hrtime.bigint();
    (async () => {
      await provider.configure({ config: { get: () => undefined } });
      const news = ${JSON.stringify(FIRST_INPUTS[api])};
      const checked = await provider.check({}, news);
      if (checked.failures && checked.failures.length) throw new Error(JSON.stringify(checked.failures));
      await provider.diff("bench", { ...checked.inputs }, checked.inputs);
      const t2 = process.hrtime.bigint();
      console.log(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, firstAnswerMs: Number(t2 - t0) / 1e6, modules: Object.keys(require.cache).length - before }));
    })().catch((err) => { console.error(err); process.exit(1); });`;
}

const SDK_SCRIPT = `
  require("@pulumi/pulumi");
  const before = Object.keys(require.cache).length;
  const t0 = process.hrtime.bigint();
  require("pulumi-profiles");
  console.log(JSON.stringify({ sdkLoadMs: Number(process.hrtime.bigint() - t0) / 1e6, sdkModules: Object.keys(require.cache).length - before }));`;

/**
 * The provider as the dynamic-provider process loads it, in fresh processes (the first load is
 * the one every `pulumi` command pays), median of `runs`.
 */
export function measureProviderLoad(runs = 7): LoadResult {
  const providers = Object.keys(FIRST_INPUTS).map((api): ProviderLoad => {
    const samples = Array.from({ length: runs }, () => freshProcess(providerScript(api)));
    return {
      api,
      loadMs: Math.round(median(samples.map((s) => s.loadMs!)) * 10) / 10,
      firstAnswerMs: Math.round(median(samples.map((s) => s.firstAnswerMs!)) * 10) / 10,
      modules: median(samples.map((s) => s.modules!)),
    };
  });
  const sdk = Array.from({ length: runs }, () => freshProcess(SDK_SCRIPT));
  return {
    runs,
    bundleBytes: statSync(join(repoRoot, "dist/provider/bundle.js")).size,
    providers,
    sdkLoadMs: Math.round(median(sdk.map((s) => s.sdkLoadMs!)) * 10) / 10,
    sdkModules: median(sdk.map((s) => s.sdkModules!)),
  };
}
