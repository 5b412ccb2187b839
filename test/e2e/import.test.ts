import { main } from "../../cli/main";
import { createStack, makeProgramDir } from "../../scripts/pulumi-cli/localStack";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";
import { importAll, stackOfGeneratedProgram, typeErrorsOf, writesSeen } from "../support/importRoundTrip";

/** `pulumi-profiles import --all`, then the generated program under the real CLI: nothing to write, nothing to change. */
jest.setTimeout(300_000);

const sandbox = sandboxPerFile();
const program = programDirPerFile("pulumi-profiles-import-");

it("generates a program that type-checks, applies with no write, and previews clean with --refresh", async () => {
  sandbox.twilio.emulator.seed({ friendly_name: "Acme Support", email: "trust@acme.example" });
  const source = await importAll(sandbox, program.dir);
  expect(typeErrorsOf(source, program.dir)).toEqual([]);

  const stack = await stackOfGeneratedProgram(sandbox, program.dir, "imported", source);
  sandbox.clearLogs();
  const up = await stack.up();
  // Wavix, Voximplant, the 2sms client's account and its subaccount, the Twilio profile, the stack.
  expect(up.summary.resourceChanges).toEqual({ create: 6 });
  // Every imported field is readable (2sms's SMSPassword too, set in config to its current value): nothing is written.
  expect(writesSeen(sandbox)).toEqual([]);

  const clean = await stack.preview({ refresh: true, expectNoChanges: true });
  expect(clean.changeSummary).toEqual({ same: 6 });
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
