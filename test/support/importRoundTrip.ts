import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import type { Sandbox } from "../../sandbox";
import { main } from "../../cli/main";
import * as sdk from "../../sdk";
import { createStack, repoRoot } from "../../scripts/pulumi-cli/localStack";

/**
 * The import round trip the e2e suites share: `pulumi-profiles import --all` against the
 * emulators, the generated program type-checked against the SDK as a user's strict project
 * would, then run as an inline program under the real CLI.
 */
export async function importAll(sandbox: Sandbox, cwd: string): Promise<string> {
  let source = "";
  const code = await main(["import", "--all"], { out: (s) => (source += s), err: () => undefined, cwd, env: { ...sandbox.env } });
  if (code !== 0) throw new Error(`pulumi-profiles import --all exited ${code}`);
  return source;
}

/** Type errors of the generated program in `dir`, with `pulumi-profiles` resolved to this checkout's SDK. */
export function typeErrorsOf(source: string, dir: string): string[] {
  const file = join(dir, "imported.ts");
  writeFileSync(file, source);
  const checked = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    skipLibCheck: true,
    baseUrl: repoRoot,
    paths: { "pulumi-profiles": ["sdk/index.ts"] },
    types: ["node"],
    typeRoots: [join(repoRoot, "node_modules/@types")],
  });
  return ts.getPreEmitDiagnostics(checked).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/**
 * The 2sms passwords the generated program asks for (one key per account it imports, each pinned
 * by `accountId`), each set to that account's own, as a user sets them.
 */
export function smsPasswordConfig(sandbox: Sandbox, source: string): Record<string, { value: string; secret: true }> {
  const { account, subAccount, extraSubAccounts } = sandbox.twosms.emulator;
  const records = [account, subAccount, ...extraSubAccounts];
  const config: Record<string, { value: string; secret: true }> = {};
  for (const block of source.split(/^export const /m)) {
    const id = block.match(/accountId: "([0-9a-fA-F-]{36})"/)?.[1];
    const key = block.match(/SMSPassword: config\.requireSecret\("([^"]+)"\)/)?.[1];
    const record = records.find((r) => r.ID.toLowerCase() === id?.toLowerCase());
    if (key && record) config[key] = { value: record.SMSPassword, secret: true };
  }
  return config;
}

/**
 * A stack whose program is the generated source, evaluated afresh on each Pulumi run as the CLI
 * would, against the loaded SDK. The 2sms passwords it asks for are set to the accounts' own.
 */
export function stackOfGeneratedProgram(sandbox: Sandbox, programDir: string, stackName: string, source: string) {
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  return createStack({
    programDir,
    stackName,
    program: async () => {
      const module = { exports: {} };
      const resolve = (name: string) => (name === "pulumi-profiles" ? sdk : name === "@pulumi/pulumi" ? pulumi : undefined);
      new Function("require", "module", "exports", compiled)(resolve, module, module.exports);
    },
    env: sandbox.env,
    config: smsPasswordConfig(sandbox, source),
  });
}

/** Every request that could change something at an API: not a read, not a token. */
export function writesSeen(sandbox: Sandbox): string[] {
  return Object.entries(sandbox.servers).flatMap(([api, server]) =>
    server.requests.filter((r) => r.method !== "GET" && r.path !== "/Token" && !r.path.endsWith("GetAccountInfo")).map((r) => `${api} ${r.method} ${r.path}`),
  );
}
