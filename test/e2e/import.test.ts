import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { main } from "../../cli/main";
import * as sdk from "../../sdk";
import { createStack, makeProgramDir, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";

/** `pulumi-profiles import --all`, then the generated program under the real CLI: nothing to write, nothing to change. */
jest.setTimeout(300_000);

const sandbox = sandboxPerFile();
const program = programDirPerFile("pulumi-profiles-import-");

function typeCheck(file: string): string[] {
  const options: ts.CompilerOptions = {
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
  };
  const checked = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(checked).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

it("generates a program that type-checks, applies with no write, and previews clean with --refresh", async () => {
  sandbox.twilio.emulator.seed({ friendly_name: "Acme Support", email: "trust@acme.example" });
  let source = "";
  const code = await main(["import", "--all"], { out: (s) => (source += s), err: () => undefined, cwd: program.dir, env: { ...sandbox.env } });
  expect(code).toBe(0);

  const file = join(program.dir, "imported.ts");
  writeFileSync(file, source);
  expect(typeCheck(file)).toEqual([]);
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;

  const stack = await createStack({
    programDir: program.dir,
    stackName: "imported",
    // Each Pulumi run evaluates the program afresh, as the CLI would, against the loaded SDK.
    program: async () => {
      const module = { exports: {} };
      const resolve = (name: string) => (name === "pulumi-profiles" ? sdk : name === "@pulumi/pulumi" ? pulumi : undefined);
      new Function("require", "module", "exports", compiled)(resolve, module, module.exports);
    },
    env: sandbox.env,
    config: { twosmsSMSPassword: { value: sandbox.twosms.emulator.account.SMSPassword, secret: true } },
  });
  sandbox.clearLogs();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 5 });
  const writes = Object.entries(sandbox.servers).flatMap(([api, server]) =>
    server.requests.filter((r) => r.method !== "GET" && r.path !== "/Token" && !r.path.endsWith("GetAccountInfo")).map((r) => `${api} ${r.method}`),
  );
  // Every imported field is readable (2sms's SMSPassword too, set in config to its current value): nothing is written.
  expect(writes).toEqual([]);

  const clean = await stack.preview({ refresh: true, expectNoChanges: true });
  expect(clean.changeSummary).toEqual({ same: 5 });
  await stack.destroy();
  expect(sandbox.twilio.emulator.profiles.size).toBe(1);
});

it("inside a Pulumi project, reads credentials from the selected stack's config (secrets decrypted)", async () => {
  const project = makeProgramDir("pulumi-profiles-import-config-");
  try {
    const stack = await createStack({
      programDir: project.dir,
      stackName: "config",
      program: async () => undefined,
      config: { "wavix:apiKey": { value: sandbox.env.WAVIX_API_KEY!, secret: true } },
    });
    let source = "";
    let progress = "";
    // No WAVIX_API_KEY in the environment: the key can only come from the stack's config.
    const env = { ...stack.workspace.envVars, WAVIX_BASE_URL: sandbox.env.WAVIX_BASE_URL! };
    const code = await main(["import", "wavix"], { out: (s) => (source += s), err: (s) => (progress += s), cwd: project.dir, env });
    expect(progress).not.toContain("did not answer");
    expect(code).toBe(0);
    expect(source).toContain('new wavix.Profile("wavix", {');
    expect(source + progress).not.toContain(sandbox.env.WAVIX_API_KEY!);
  } finally {
    project.cleanup();
  }
});
