import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../sandbox";
import { offlineCliEnv, PASSPHRASE, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { commandsByJob, gitlabScriptsByJob, readWorkflow, runWorkflow, type WorkflowContext } from "./ciRecipe";
import { EXAMPLE_SPECS } from "./exampleSpecs";
import { commandFailure, exampleNames, type Project, ProjectWorkspace, runCommand } from "./projectWorkspace";
import { configSetArgs, credentialConfig, writeRequests, writesReceived } from "./sandboxCredentials";

/**
 * Project directories, run the way users and pipelines run them: each example copied to a temp
 * dir, pulumi-profiles installed from `npm pack` of this checkout, the real CLI with the Node.js
 * language host in the project directory, a local file backend. The tests are concurrent (at
 * most jest's maxConcurrency at a time), each with emulators of its own.
 */
jest.setTimeout(900_000);

let workspace: Promise<ProjectWorkspace> | undefined;
/** One pack and one install for the whole file, made by whichever test asks first. */
const projects = () => (workspace ??= ProjectWorkspace.create());
afterAll(async () => (await workspace)?.cleanup());

/** Emulators for one test, closed after it whatever happens. */
async function withSandbox(test: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox();
  try {
    await test(sandbox);
  } finally {
    await sandbox.close();
  }
}

it("every example has a spec here, so a new example cannot skip this suite", () => {
  expect(exampleNames().sort()).toEqual(Object.keys(EXAMPLE_SPECS).sort());
});

it.concurrent("a project that installs the package holds one copy of the Pulumi SDK", async () => {
  const project = await (await projects()).copyExample("wavix", "one-sdk");
  const listed = await runCommand("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: project.dir, env: process.env });
  if (listed.code !== 0) throw commandFailure("npm ls", listed);
  expect([...new Set(listed.stdout.trim().split("\n"))]).toEqual([join(project.dir, "node_modules/@pulumi/pulumi")]);
});

it.concurrent.each(exampleNames())("examples/%s: stack init, preview, up, clean refresh preview, one-field edit with one write, destroy", (name) =>
  withSandbox(async (sandbox) => {
    const spec = EXAMPLE_SPECS[name]!;
    const project = await (await projects()).copyExample(name);
    await project.pulumi("stack", "init", "dev");
    for (const entry of spec.apis.flatMap((api) => credentialConfig(sandbox, api))) await project.pulumi(...configSetArgs(entry));
    for (const [key, value] of Object.entries(spec.secrets(sandbox))) await project.pulumi(...configSetArgs({ key, value, secret: true }));

    sandbox.clearLogs();
    const preview = await project.pulumi("preview");
    expect(preview.stdout).toMatch(/\+ \d+ to create/);
    expect(writesReceived(sandbox)).toEqual([]);

    // --skip-preview: the preview just ran; each program run costs seconds of CPU.
    await project.pulumi("up", "--yes", "--skip-preview");
    sandbox.clearLogs();
    await project.pulumi("preview", "--refresh", "--expect-no-changes");
    expect(writesReceived(sandbox)).toEqual([]);

    const index = join(project.dir, "index.ts");
    const source = readFileSync(index, "utf8");
    expect(source).toContain(spec.edit.from);
    writeFileSync(index, source.replace(spec.edit.from, spec.edit.to));
    sandbox.clearLogs();
    await project.pulumi("up", "--yes", "--skip-preview");
    expect(writesReceived(sandbox)).toEqual([spec.edit.write(sandbox)]);
    const [write] = writeRequests(sandbox);
    expect(`${new URLSearchParams(write!.query).toString()} ${write!.body}`).toContain(spec.edit.carries);

    const destroyWrites = spec.destroyWrites(sandbox);
    sandbox.clearLogs();
    await project.pulumi("destroy", "--yes", "--skip-preview");
    expect(writesReceived(sandbox)).toEqual(destroyWrites);
  }),
);

/** The generated program without its comments (which show commands and commented-out fields). */
const codeOf = (source: string) =>
  source
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");

/** Keys the generated program reads with config.requireSecret. */
const requiredSecrets = (source: string) => [...codeOf(source).matchAll(/config\.requireSecret\("([^"]+)"\)/g)].map((m) => m[1]!);

it.concurrent("pulumi-profiles import --all --out index.ts in a project: up writes nothing, refresh preview is clean", () =>
  withSandbox(async (sandbox) => {
    sandbox.twilio.emulator.seed({ friendly_name: "Acme Support", email: "trust@acme.example" });
    const project = await (await projects()).copyExample("wavix", "imported");
    await project.pulumi("stack", "init", "dev");
    for (const api of ["wavix", "voximplant", "twosms", "twilio"] as const) {
      for (const entry of credentialConfig(sandbox, api)) await project.pulumi(...configSetArgs(entry));
    }

    // The credentials are in the stack's config only: the environment holds none.
    const imported = await runCommand("npx", ["--no", "pulumi-profiles", "import", "--all", "--out", "index.ts"], { cwd: project.dir, env: { ...process.env, ...project.env } });
    if (imported.code !== 0) throw commandFailure("pulumi-profiles import", imported);
    const source = readFileSync(join(project.dir, "index.ts"), "utf8");
    const profiles = codeOf(source).match(/new \w+\.\w+\("/g)?.length ?? 0; // resources take a name
    expect(imported.stderr).toContain(`wrote ${profiles} profiles to index.ts`);

    // Secrets are never printed into code: the 2sms password (readable, required on every write)
    // comes from stack config; set to the live value, adoption writes nothing.
    expect(requiredSecrets(source)).toEqual(["twosmsSMSPassword"]);
    await project.pulumi(...configSetArgs({ key: "twosmsSMSPassword", value: sandbox.twosms.emulator.account.SMSPassword, secret: true }));

    sandbox.clearLogs();
    const up = await project.pulumi("up", "--yes", "--skip-preview");
    expect(up.stdout).toContain(`+ ${profiles + 1} created`); // the profiles and the stack
    expect(writesReceived(sandbox)).toEqual([]);

    sandbox.clearLogs();
    await project.pulumi("preview", "--refresh", "--expect-no-changes");
    expect(writesReceived(sandbox)).toEqual([]);
  }),
);

const GITHUB_WORKFLOW = join(repoRoot, "examples/ci/github-actions.yml");
const GITLAB_PIPELINE = join(repoRoot, "examples/ci/gitlab-ci.yml");

it("the GitLab recipe's jobs run the same commands as the GitHub workflow's", () => {
  expect(gitlabScriptsByJob(GITLAB_PIPELINE)).toEqual(commandsByJob(readWorkflow(GITHUB_WORKFLOW)));
});

/** What the repository's secrets and variables would hold, pointing at the sandbox. */
function ciSecretStore(sandbox: Sandbox, project: Project): WorkflowContext {
  const twilioKey = sandbox.twilio.emulator.issueApiKey();
  return {
    secrets: {
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      WAVIX_API_KEY: sandbox.wavix.emulator.apiKey,
      VOXIMPLANT_CREDENTIALS: JSON.stringify(sandbox.voximplant.emulator.credentials),
      TWOSMS_CLIENT_ID: sandbox.twosms.emulator.clientId,
      TWOSMS_CLIENT_SECRET: sandbox.twosms.emulator.clientSecret,
      TWILIO_API_KEY: twilioKey.sid,
      TWILIO_API_SECRET: twilioKey.secret,
    },
    vars: { PULUMI_BACKEND_URL: project.env.PULUMI_BACKEND_URL! },
  };
}

/**
 * The CI machine: Node, npm's cache restored (setup-node's `cache: npm`), the Pulumi CLI
 * installed (pulumi/actions), and no backend, passphrase or credential but the workflow's own.
 * The emulators' base URLs are this test's only addition.
 */
function runnerEnv(sandbox: Sandbox, project: Project): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...offlineCliEnv(`${project.dir}.runner`), CI: "true", npm_config_prefer_offline: "true" };
  for (const name of Object.keys(env)) if (/^(PULUMI_(BACKEND_URL|CONFIG_PASSPHRASE|ACCESS_TOKEN)|WAVIX_|VOXIMPLANT_|TWOSMS_|TWILIO_)/.test(name)) delete env[name];
  return {
    ...env,
    WAVIX_BASE_URL: sandbox.wavix.server.url,
    VOXIMPLANT_BASE_URL: sandbox.voximplant.server.url,
    TWOSMS_BASE_URL: sandbox.twosms.server.url,
    TWILIO_TRUSTHUB_BASE_URL: sandbox.twilio.server.url,
  };
}

it.concurrent("examples/ci: a push to main runs pulumi up; the scheduled drift guard passes, then fails once a profile drifts", () =>
  withSandbox(async (sandbox) => {
    const project = await (await projects()).copyExample("all-profiles", "pipeline");
    // Once, on a workstation (examples/ci/README.md): the stack and the program's own secrets,
    // encrypted into Pulumi.prod.yaml and committed with package-lock.json.
    await project.pulumi("stack", "init", "prod");
    await project.pulumi("config", "set", "--secret", "voximplantPassword", "--", "Correct-Horse-7-Battery");
    await project.pulumi("config", "set", "--secret", "smsPassword", "--", sandbox.twosms.emulator.account.SMSPassword);
    const secrets = ciSecretStore(sandbox, project);
    const runner = runnerEnv(sandbox, project);

    const push = await runWorkflow(GITHUB_WORKFLOW, "push", secrets, project.dir, runner);
    if (push.failed) throw commandFailure(`on push, "${push.commands.at(-1)}"`, push.failed);
    expect(push.commands).toEqual(["npm ci --ignore-scripts", "pulumi up --yes --stack prod"]);
    expect(sandbox.twilio.emulator.profiles.size).toBe(1);

    sandbox.clearLogs();
    const schedule = await runWorkflow(GITHUB_WORKFLOW, "schedule", secrets, project.dir, runner);
    if (schedule.failed) throw commandFailure(`on schedule, "${schedule.commands.at(-1)}"`, schedule.failed);
    expect(schedule.commands).toEqual(["npm ci --ignore-scripts", "pulumi preview --refresh --expect-no-changes --stack prod"]);
    expect(writesReceived(sandbox)).toEqual([]);

    // Someone changes the Wavix time zone in the portal: the next scheduled run fails, naming it.
    sandbox.wavix.emulator.profile.timezone = "Asia/Tokyo";
    const drifted = await runWorkflow(GITHUB_WORKFLOW, "schedule", secrets, project.dir, runner);
    expect(drifted.commands.at(-1)).toBe("pulumi preview --refresh --expect-no-changes --stack prod");
    expect(drifted.failed?.stdout).toMatch(/~ +pulumi-nodejs:dynamic\/wavix:Profile wavix refresh \[diff: ~time_zone\]/);
    expect(writesReceived(sandbox)).toEqual([]);
  }),
);
