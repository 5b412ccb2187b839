import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { ConfigReader } from "../provider/engine/settings";

/**
 * Inside a Pulumi project directory, the selected stack's config (secrets decrypted by the CLI),
 * so the import uses the same credentials `pulumi up` will. Elsewhere, or when the CLI cannot
 * answer, nothing: environment variables remain.
 */
export function stackConfig(dir: string, env: NodeJS.ProcessEnv, warn: (line: string) => void): ConfigReader {
  if (!existsSync(`${dir}/Pulumi.yaml`) && !existsSync(`${dir}/Pulumi.yml`)) return { get: () => undefined };
  try {
    const raw = execFileSync("pulumi", ["config", "--json", "--show-secrets"], { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const values = JSON.parse(raw) as Record<string, { value?: string }>;
    return { get: (key) => values[key]?.value };
  } catch {
    warn("this is a Pulumi project, but `pulumi config` did not answer (no stack selected?): using environment variables only");
    return { get: () => undefined };
  }
}
