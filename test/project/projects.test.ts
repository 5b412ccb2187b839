import { configKeyFor, resourceNameFor } from "../../cli/codegen";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox, type RecordedRequest, type Sandbox } from "../../sandbox";
import { offlineCliEnv, PASSPHRASE, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { commandsByJob, gitlabScriptsByJob, readWorkflow, runGitlabJob, runWorkflow, type WorkflowContext } from "./ciRecipe";
import { installGhStandIn } from "./ghStandIn";
import { startGitlabIssuesStandIn } from "./gitlabIssuesStandIn";
import { EXAMPLE_SPECS } from "./exampleSpecs";
import { tableOf } from "../support/markdownTable";
import { commandFailure, exampleNames, type Project, ProjectWorkspace, runCommand, TRANSPILE_ONLY } from "./projectWorkspace";
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

// The check `pulumi up` runs on a TypeScript program, once per example here (the projects' own
// commands only transpile, TRANSPILE_ONLY): against the package as npm installs it, so a type
// the package does not ship fails here as it would fail a user's first `pulumi up`. ts-node reports
// the program's own files only, so libraries' declarations are not checked here either.
async function typeCheck(project: Project, what: string): Promise<void> {
  const checked = await runCommand(process.execPath, [join(project.dir, "node_modules/typescript/bin/tsc"), "--noEmit", "--skipLibCheck", "-p", project.dir], { cwd: project.dir, env: process.env });
  if (checked.code !== 0) throw commandFailure(`tsc --noEmit of ${what}`, checked);
}

it.concurrent.each([...exampleNames(), "ci/fleet"])("examples/%s type-checks against the packed package", async (name) => {
  await typeCheck(await (await projects()).copyExample(name, `typecheck-${name.replace("/", "-")}`), `examples/${name}`);
});

it.concurrent.each(exampleNames())("examples/%s: stack init, preview, up, clean refresh preview, one-field edit with one write, destroy", (name) =>
  withSandbox(async (sandbox) => {
    const spec = EXAMPLE_SPECS[name]!;
    const project = await (await projects()).copyExample(name);
    await project.pulumi("stack", "init", "dev");
    for (const entry of spec.apis.flatMap((api) => credentialConfig(sandbox, api))) await project.pulumi(...configSetArgs(entry));
    for (const [key, value] of Object.entries(spec.secrets(sandbox))) await project.pulumi(...configSetArgs({ key, value, secret: true }));
    for (const [key, value] of Object.entries(spec.config?.(sandbox) ?? {})) await project.pulumi(...configSetArgs({ key, value, secret: false }));

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
    // Objects that do not depend on each other are deleted in parallel, in no fixed order.
    expect(writesReceived(sandbox).sort()).toEqual([...destroyWrites].sort());
  }),
);

/*
 * One customer's Twilio business profile, whole (examples/twilio): created from nothing and
 * submitted after one Evaluation; an incomplete bundle refused with the missing requirement named.
 */
async function twilioProject(sandbox: Sandbox, as: string, edit: (source: string) => string = (s) => s): Promise<Project> {
  const project = await (await projects()).copyExample("twilio", as);
  const index = join(project.dir, "index.ts");
  writeFileSync(index, edit(readFileSync(index, "utf8")));
  await project.pulumi("stack", "init", "dev");
  for (const entry of credentialConfig(sandbox, "twilio")) await project.pulumi(...configSetArgs(entry));
  await project.pulumi("config", "set", "primaryCustomerProfileSid", sandbox.twilio.emulator.primaryCustomerProfile().sid);
  return project;
}

/** "POST /v1/…" with sids as the kind of object they name, so the log reads the same every run. */
const shape = (path: string) => path.replace(/\b(AC|BU|IT|RD|AD)[0-9a-f]{32}\b/g, "$1…");
const twilioWrites = (sandbox: Sandbox) => writesReceived(sandbox).map((w) => shape(w.replace(/^twilio /, "")));
const form = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body ?? ""));

it.concurrent("examples/twilio, a complete bundle: created from nothing and submitted after one Evaluation; then only what changed is written", () =>
  withSandbox(async (sandbox) => {
  const project = await twilioProject(sandbox, "bundle");
  sandbox.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  const writes = twilioWrites(sandbox);
  // The objects first (in parallel where they do not depend on each other), then the profile.
  expect([...writes].sort()).toEqual(
    [
      "POST /2010-04-01/Accounts/AC…/Addresses.json",
      "POST /v1/EndUsers",
      "POST /v1/EndUsers",
      "POST /v1/SupportingDocuments",
      "POST /v1/CustomerProfiles",
      ...Array(4).fill("POST /v1/CustomerProfiles/BU…/EntityAssignments"),
      "POST /v1/CustomerProfiles/BU…/Evaluations",
      "POST /v1/CustomerProfiles/BU…",
    ].sort(),
  );
  // Assign, evaluate, submit: in that order, and the submit carries only the status.
  expect(writes.slice(-6)).toEqual([...Array(4).fill("POST /v1/CustomerProfiles/BU…/EntityAssignments"), "POST /v1/CustomerProfiles/BU…/Evaluations", "POST /v1/CustomerProfiles/BU…"]);
  const submit = sandbox.twilio.server.requests.filter((r) => r.method === "POST" && /^\/v1\/CustomerProfiles\/BU[0-9a-f]{32}$/.test(r.path));
  expect(submit.map(form)).toEqual([{ Status: "pending-review" }]);
  const created = [...sandbox.twilio.emulator.profiles.values()].find((p) => p.friendly_name === "Acme, Inc.")!;
  expect(created.status).toBe("in-review");

  sandbox.clearLogs();
  await project.pulumi("preview", "--refresh", "--expect-no-changes");
  expect(twilioWrites(sandbox)).toEqual([]);

  // An attribute edited in the program: one write of that end user's Attributes, nothing else.
  const index = join(project.dir, "index.ts");
  writeFileSync(index, readFileSync(index, "utf8").replace('business_title: "Head of Platform"', 'business_title: "Chief Engineer"'));
  sandbox.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  expect(twilioWrites(sandbox)).toEqual(["POST /v1/EndUsers/IT…"]);
  }),
);

it.concurrent("examples/twilio, an incomplete bundle: refused with the missing requirement named, and nothing is submitted", () =>
  withSandbox(async (sandbox) => {
  // The program forgets the authorized representative.
  const project = await twilioProject(sandbox, "incomplete", (source) => source.replace("[business.sid, representative.sid, addressDocument.sid,", "[business.sid, addressDocument.sid,"));
  sandbox.clearLogs();
  const up = await project.pulumiStatus("up", "--yes", "--skip-preview");
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toMatch(/found the bundle noncompliant: Authorized Representative #1: .*missing/);
  expect(up.stdout + up.stderr).toContain("Nothing was submitted");
  const profile = [...sandbox.twilio.emulator.profiles.values()].find((p) => p.friendly_name === "Acme, Inc." && p.status === "draft");
  expect(profile).toBeDefined();
  const submits = sandbox.twilio.server.requests.filter((r) => r.path === `/v1/CustomerProfiles/${profile!.sid}` && r.method === "POST");
  expect(submits).toEqual([]);

  // Completed in the program: the next up adds the one assignment, evaluates, submits.
  const index = join(project.dir, "index.ts");
  writeFileSync(index, readFileSync(index, "utf8").replace("[business.sid, addressDocument.sid,", "[business.sid, representative.sid, addressDocument.sid,"));
  sandbox.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  expect(twilioWrites(sandbox)).toEqual(["POST /v1/CustomerProfiles/BU…/EntityAssignments", "POST /v1/CustomerProfiles/BU…/Evaluations", "POST /v1/CustomerProfiles/BU…"]);
  expect(sandbox.twilio.emulator.profiles.get(profile!.sid)!.status).toBe("in-review");
  }),
);

it.concurrent("a submit of an adopted, incomplete bundle: preview warns with Twilio's verdict, up refuses, refresh still works", () =>
  withSandbox(async (sandbox) => {
    const draft = sandbox.twilio.emulator.seed({ friendly_name: "Adopted draft" });
    const project = await twilioProject(sandbox, "adopted-incomplete", () =>
      `import * as pulumi from "@pulumi/pulumi";\nimport { twilio } from "pulumi-profiles";\nnew twilio.CustomerProfile("adopted", { sid: new pulumi.Config().require("draftSid"), Status: "pending-review" });\n`,
    );
    await project.pulumi("config", "set", "draftSid", draft.sid);
    const up = await project.pulumiStatus("up", "--yes", "--skip-preview");
    expect(up.stdout + up.stderr).toMatch(/found the bundle noncompliant: Business Information: /);
    expect(sandbox.twilio.emulator.profiles.get(draft.sid)!.status).toBe("draft");
    // The adoption is in state: what Twilio says is missing shows in preview, which still passes.
    sandbox.clearLogs();
    const preview = await project.pulumi("preview");
    expect(preview.stdout + preview.stderr).toMatch(/warning: Twilio evaluate customer profile BU[0-9a-f]{32} before submitting it failed: .*noncompliant: Business Information: .*\(up refuses to submit it\)/);
    expect(twilioWrites(sandbox)).toEqual(["POST /v1/CustomerProfiles/BU…/Evaluations"]);
    // The engine diffs in refresh too: a noncompliant bundle must not break it.
    await project.pulumi("refresh", "--yes", "--skip-preview");
    expect(sandbox.twilio.emulator.profiles.get(draft.sid)!.status).toBe("draft");
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
    // A Twilio profile with its whole bundle: end users, an address document, its Address, the primary.
    const acme = sandbox.twilio.emulator.seed({ friendly_name: "Acme Support", email: "trust@acme.example" });
    sandbox.twilio.emulator.bundle.seedCompliantBundle(acme.sid);
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
    for (const kind of ["twilio.Address", "twilio.EndUser", "twilio.SupportingDocument"]) expect(codeOf(source)).toContain(`new ${kind}(`);
    expect(imported.stderr).toContain(`wrote ${profiles} profiles to index.ts`);
    // The projects' commands only transpile (TRANSPILE_ONLY): the generated program is type-checked
    // here against the packed package, as `pulumi up` would check it.
    await typeCheck(project, "the imported index.ts");

    // Secrets are never printed into code: the 2sms password (readable, required on every write)
    // comes from stack config, one key per account the client may view (its own and its
    // subaccount); set to the live values, adoption writes nothing.
    const { account, subAccount } = sandbox.twosms.emulator;
    const passwords = [account, subAccount].map((record) => ({ key: configKeyFor(resourceNameFor("twosms", record.Name, new Set()), "SMSPassword"), value: record.SMSPassword, secret: true }));
    expect(requiredSecrets(source)).toEqual(passwords.map((p) => p.key));
    for (const password of passwords) await project.pulumi(...configSetArgs(password));

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

const DRIFT_REPORT = "npx --no pulumi-profiles drift --stack prod --format markdown";

it("the stand-in runners run scripts with each CI's shell options: GitHub's bash -e (pipefail only with shell: bash), GitLab's errexit and pipefail", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ci-shells-"));
  try {
    const workflow = join(dir, "workflow.yml");
    const pipeline = join(dir, "gitlab-ci.yml");
    const step = (shell?: string) => `on: { push: {} }\njobs:\n  job:\n    steps:\n      - ${shell ? `shell: ${shell}\n        ` : ""}run: |\n          false | true\n          echo survived\n`;
    writeFileSync(workflow, step());
    const unspecified = await runWorkflow(workflow, "push", { secrets: {}, vars: {} }, dir, process.env);
    expect(unspecified.failed).toBeUndefined();
    writeFileSync(workflow, step("bash"));
    const bash = await runWorkflow(workflow, "push", { secrets: {}, vars: {} }, dir, process.env);
    expect(bash.failed?.code).toBe(1);
    writeFileSync(pipeline, "job:\n  script:\n    - false | true\n    - echo survived\n");
    expect(await runGitlabJob(pipeline, "job", dir, process.env)).toMatchObject({ code: 1, stdout: "" });
    writeFileSync(pipeline, "job:\n  script:\n    - false || status=$?\n    - exit \"$status\"\n");
    expect((await runGitlabJob(pipeline, "job", dir, process.env)).code).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The one `pulumi-profiles drift` command in a job's lines: from `npx` to its output redirection. */
function driftCommand(lines: string[]): string {
  const commands = lines.flatMap((line) => [...line.matchAll(/\bnpx --no pulumi-profiles drift\b[^>\n]*/g)].map((m) => m[0].trim()));
  expect(commands).toHaveLength(1);
  return commands[0]!;
}

it("the GitLab recipe's jobs run the same commands as the GitHub workflow's: the same deploy, the same drift report", () => {
  const gitlab = gitlabScriptsByJob(GITLAB_PIPELINE);
  const github = commandsByJob(readWorkflow(GITHUB_WORKFLOW));
  expect(Object.keys(gitlab)).toEqual(Object.keys(github));
  expect(gitlab.deploy).toEqual(github.deploy);
  // The drift jobs keep their issue each in its CI's own way; the report command and its flags
  // are the same, but for GitHub's job summary (GitLab keeps the report as an artifact).
  expect(gitlab.drift![0]).toBe(github.drift![0]);
  expect(driftCommand(gitlab.drift!)).toBe(DRIFT_REPORT);
  expect(driftCommand(github.drift!)).toBe(`${DRIFT_REPORT} --summary-file "$GITHUB_STEP_SUMMARY"`);
});

it("the scheduled job's token may read the code and write issues, nothing else; every other job only reads", () => {
  const workflow = readWorkflow(GITHUB_WORKFLOW);
  expect(workflow.permissions).toEqual({ contents: "read" });
  expect(Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.permissions]))).toEqual({ deploy: undefined, drift: { contents: "read", issues: "write" } });
});

it("credentials reach only the steps that run the program; the issue step gets the job token and the repository", () => {
  const workflow = readWorkflow(GITHUB_WORKFLOW);
  expect(workflow.env).toBeUndefined();
  const stepEnv = Object.values(workflow.jobs).flatMap((job) => {
    expect(job.env).toBeUndefined();
    return job.steps.map((step) => ({ step: step.name ?? step.run ?? step.uses, env: Object.keys(step.env ?? {}).sort() }));
  });
  const credentials = ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "TWILIO_API_KEY", "TWILIO_API_SECRET", "TWOSMS_CLIENT_ID", "TWOSMS_CLIENT_SECRET", "VOXIMPLANT_CREDENTIALS", "WAVIX_API_KEY"];
  expect(stepEnv.filter(({ env }) => env.length > 0)).toEqual([
    { step: "pulumi up --yes --stack prod", env: credentials },
    { step: "Drift report", env: credentials },
    { step: "Keep the profile-drift issue", env: ["GH_REPO", "GH_TOKEN", "STATUS"] },
  ]);
});

it("a drift run can never cancel a pending deploy: the two jobs have concurrency groups of their own, and the workflow none", () => {
  const workflow = readWorkflow(GITHUB_WORKFLOW);
  expect(workflow.concurrency).toBeUndefined();
  expect(Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.concurrency]))).toEqual({ deploy: "pulumi-profiles-prod", drift: "pulumi-profiles-prod-drift" });
});

it("every checkout leaves the job token out of .git/config, where the program and its dependencies could read it", () => {
  const checkouts = Object.values(readWorkflow(GITHUB_WORKFLOW).jobs).flatMap((job) => job.steps.filter((step) => step.uses?.startsWith("actions/checkout@")));
  expect(checkouts).toHaveLength(2);
  for (const checkout of checkouts) expect(checkout.with).toEqual({ "persist-credentials": false });
});

/** The body as kept, split into the report's leading lines and what the cut added after them. */
function splitCutBody(body: string, report: string): { kept: string[]; added: string[] } {
  const reportLines = report.split("\n");
  const lines = body.replace(/\n$/, "").split("\n");
  let kept = 0;
  while (kept < lines.length && lines[kept] === reportLines[kept]) kept++;
  return { kept: lines.slice(0, kept), added: lines.slice(kept) };
}

it("a report longer than an issue holds is cut after a whole line, its open code block closed, with a link to the whole report; the report never sees an issue token", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ci-big-report-"));
  const gitlab = await startGitlabIssuesStandIn();
  try {
    // 40 KB of table, a 50 KB code block (where GitHub's 65,536 fall), then 1.2 MB of table (where GitLab's 1,048,576 do).
    const row = (i: number) => `| Wavix Profile \`p${i}\` (\`${i}\`) | \`job_title\` | changed outside Pulumi | "Ünïcode ${i}" |`;
    const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i));
    const report = ["### Profile drift: stack `prod`", "", "| Profile | Field | What happened | Live |", "|---|---|---|---|", ...rows(0, 500), "", "```sh", ...Array.from({ length: 1000 }, (_, i) => `pulumi up --refresh --stack prod --target urn:pulumi:prod::p::wavix:Profile::p${i}`), "```", "", ...rows(500, 15_000)].join("\n") + "\n";
    expect(report.length).toBeGreaterThan(1_048_576);
    // The runner's npx: writes the report, exits 2 (drift), and keeps the environment it was given.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(dir, "report.md"), report);
    writeFileSync(join(bin, "npx"), `#!/bin/sh\nenv > "${dir}/npx-env-$$"\ncat "${dir}/report.md"\nexit 2\n`);
    chmodSync(join(bin, "npx"), 0o755);
    const gh = installGhStandIn(join(dir, "gh"));
    const runner = { ...process.env, PATH: `${bin}:${gh.binDir}:${process.env.PATH}` };
    const store = { secrets: {} as Record<string, string>, vars: { PULUMI_BACKEND_URL: "file://unused" } };
    for (const name of ["PULUMI_CONFIG_PASSPHRASE", "WAVIX_API_KEY", "VOXIMPLANT_CREDENTIALS", "TWOSMS_CLIENT_ID", "TWOSMS_CLIENT_SECRET", "TWILIO_API_KEY", "TWILIO_API_SECRET"]) store.secrets[name] = "unused";
    const context: WorkflowContext = { ...store, github: { token: "ghs_the-jobs-own-token", repository: "acme/profiles" } };
    const installed = { skip: ["npm ci --ignore-scripts"] };

    const github = await runWorkflow(GITHUB_WORKFLOW, "schedule", context, dir, runner, installed);
    if (github.failed) throw commandFailure(`on schedule, "${github.commands.at(-1)}"`, github.failed);
    const [ghIssue] = gh.issues();
    expect([...ghIssue!.body].length).toBeLessThanOrEqual(65_536);
    const ghCut = splitCutBody(ghIssue!.body, report);
    expect(ghCut.kept.length).toBeGreaterThan(600); // into the code block
    expect(ghCut.added).toEqual(["```", "", expect.stringMatching(/all of it is in the run's summary: https:\/\/github\.com\/acme\/profiles\/actions\/runs\/\d+$/)]);

    const jobUrl = "https://gitlab.example/group/project/-/jobs/99";
    const gitlabRun = await runGitlabJob(GITLAB_PIPELINE, "drift", dir, { ...runner, ...store.secrets, ...store.vars, DRIFT_ISSUE_TOKEN: gitlab.token, CI_API_V4_URL: gitlab.apiUrl, CI_PROJECT_ID: gitlab.projectId, CI_JOB_URL: jobUrl }, installed);
    if (gitlabRun.code !== 2) throw commandFailure("GitLab's drift job (expected exit 2)", gitlabRun);
    const [glIssue] = gitlab.issues;
    expect([...glIssue!.description].length).toBeLessThanOrEqual(1_048_576);
    const glCut = splitCutBody(glIssue!.description, report);
    expect(glCut.kept.length).toBeGreaterThan(10_000);
    expect(glCut.added).toEqual(["", `The report is longer than an issue holds and stops here; all of it is the job's artifact: ${jobUrl}/artifacts/file/drift.md`]);
    expect(readFileSync(join(dir, "drift.md"), "utf8")).toBe(report); // the artifact: all of it

    // Each report ran with the API credentials and without any token that writes issues.
    const reportEnvs = readdirSync(dir).filter((f) => f.startsWith("npx-env-")).map((f) => readFileSync(join(dir, f), "utf8"));
    expect(reportEnvs).toHaveLength(2);
    for (const env of reportEnvs) {
      expect(env).toContain("WAVIX_API_KEY=unused");
      expect(env).not.toMatch(/^(DRIFT_ISSUE_TOKEN|GH_TOKEN|GITHUB_TOKEN)=/m);
    }
  } finally {
    await gitlab.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What the repository's secrets and variables would hold, pointing at the sandbox, and the run's own token. */
function ciSecretStore(sandbox: Sandbox, project: Project): WorkflowContext {
  const twilioKey = sandbox.twilio.emulator.issueApiKey();
  return {
    github: { token: "ghs_the-jobs-own-token", repository: "acme/profiles" },
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

/** The CI machine with no backend, passphrase, credential or emulator of its own. */
function ciMachineEnv(project: Project): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...offlineCliEnv(`${project.dir}.runner`), ...TRANSPILE_ONLY, CI: "true", npm_config_prefer_offline: "true" };
  for (const name of Object.keys(env)) if (/^(PULUMI_(BACKEND_URL|CONFIG_PASSPHRASE|ACCESS_TOKEN)|WAVIX_|VOXIMPLANT_|TWOSMS_|TWILIO_)/.test(name)) delete env[name];
  return env;
}

/**
 * The CI machine: Node, npm's cache restored (setup-node's `cache: npm`), the Pulumi CLI
 * installed (pulumi/actions), and no backend, passphrase or credential but the workflow's own.
 * The emulators' base URLs are this test's only addition.
 */
function runnerEnv(sandbox: Sandbox, project: Project): NodeJS.ProcessEnv {
  return {
    ...ciMachineEnv(project),
    WAVIX_BASE_URL: sandbox.wavix.server.url,
    VOXIMPLANT_BASE_URL: sandbox.voximplant.server.url,
    TWOSMS_BASE_URL: sandbox.twosms.server.url,
    TWILIO_TRUSTHUB_BASE_URL: sandbox.twilio.server.url,
    TWILIO_API_BASE_URL: sandbox.twilio.server.url,
  };
}

/** Someone edits the Wavix profile through Wavix's own API (or its portal), not through Pulumi. */
async function changeWavixBehindPulumisBack(sandbox: Sandbox, fields: Record<string, string>): Promise<void> {
  const response = await fetch(`${sandbox.wavix.server.url}/v1/profile`, {
    method: "PUT",
    headers: { authorization: `Bearer ${sandbox.wavix.emulator.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(fields),
  });
  if (!response.ok) throw new Error(`Wavix PUT /v1/profile: ${response.status} ${await response.text()}`);
}

it.concurrent("examples/ci: a push runs pulumi up; each scheduled drift report keeps one profile-drift issue, on GitHub and on GitLab: none while clean, opened on drift, edited while drifted, closed once repaired", () =>
  withSandbox(async (sandbox) => {
    const project = await (await projects()).copyExample("all-profiles", "pipeline");
    // Once, on a workstation (examples/ci/README.md): the stack and the program's own secrets,
    // encrypted into Pulumi.prod.yaml and committed with package-lock.json.
    await project.pulumi("stack", "init", "prod");
    await project.pulumi("config", "set", "--secret", "voximplantPassword", "--", "Correct-Horse-7-Battery");
    await project.pulumi("config", "set", "--secret", "smsPassword", "--", sandbox.twosms.emulator.account.SMSPassword);
    await project.pulumi("config", "set", "primaryCustomerProfileSid", sandbox.twilio.emulator.primaryCustomerProfile().sid);
    await project.pulumi("config", "set", "twilio:accountSid", sandbox.twilio.emulator.accountSid);
    const secrets = ciSecretStore(sandbox, project);
    const gh = installGhStandIn(`${project.dir}.gh`);
    const gitlab = await startGitlabIssuesStandIn();
    try {
      // GitHub's runner has gh installed; here the stand-in answers for it.
      const runner = { ...runnerEnv(sandbox, project), PATH: `${gh.binDir}:${process.env.PATH}` };
      // GitLab exports the project's CI/CD variables (the same store) and its predefined ones.
      const ciVariables = { ...secrets.secrets, ...secrets.vars };
      const gitlabJob = { ...runner, ...ciVariables, DRIFT_ISSUE_TOKEN: gitlab.token, CI_API_V4_URL: gitlab.apiUrl, CI_PROJECT_ID: gitlab.projectId, CI_JOB_URL: "https://gitlab.example/group/project/-/jobs/99" };

      const push = await runWorkflow(GITHUB_WORKFLOW, "push", secrets, project.dir, runner);
      if (push.failed) throw commandFailure(`on push, "${push.commands.at(-1)}"`, push.failed);
      expect(push.commands).toEqual(["npm ci --ignore-scripts", "pulumi up --yes --stack prod"]);
      // The customer's profile, beside the ISV's primary one it holds.
      expect([...sandbox.twilio.emulator.profiles.keys()].filter((sid) => sid !== sandbox.twilio.emulator.primaryCustomerProfile().sid)).toHaveLength(1);
      // The push job's `npm ci` just installed this directory from package-lock.json; each
      // scheduled job's own would spend half a minute rebuilding the same tree.
      const installed = { skip: ["npm ci --ignore-scripts"] };

      /** One scheduled run of each recipe; the gh calls and GitLab requests it made. */
      const schedule = async (gitlabStatus: number) => {
        const [ghBefore, gitlabBefore] = [gh.calls().length, gitlab.requests.length];
        sandbox.clearLogs();
        const github = await runWorkflow(GITHUB_WORKFLOW, "schedule", secrets, project.dir, runner, installed);
        if (github.failed) throw commandFailure(`on schedule, "${github.commands.at(-1)}"`, github.failed);
        const gitlabRun = await runGitlabJob(GITLAB_PIPELINE, "drift", project.dir, gitlabJob, installed);
        if (gitlabRun.code !== gitlabStatus) throw commandFailure(`GitLab's drift job (expected exit ${gitlabStatus})`, gitlabRun);
        // The report only reads.
        expect(writesReceived(sandbox)).toEqual([]);
        const ghCalls = gh.calls().slice(ghBefore);
        for (const call of ghCalls) expect({ token: call.token, repo: call.repo }).toEqual({ token: "ghs_the-jobs-own-token", repo: "acme/profiles" });
        return { github, ghCalls: ghCalls.map((c) => c.argv), gitlabRequests: gitlab.requests.slice(gitlabBefore).map((r) => `${r.method} ${r.path}`) };
      };
      const issuesPath = `/projects/${gitlab.projectId}/issues`;
      const lookUp = `gh issue list --label profile-drift --state open --json number --jq .[0].number // empty`;
      const ghCommands = (calls: string[][]) => calls.map((argv) => ["gh", ...argv].join(" "));

      // (1) Clean: nothing to open, nothing to close.
      const clean = await schedule(0);
      expect(clean.github.commands).toEqual(["npm ci --ignore-scripts", expect.stringContaining(DRIFT_REPORT), expect.stringContaining("gh issue list")]);
      expect(ghCommands(clean.ghCalls)).toEqual([lookUp]);
      expect(clean.github.summary).toContain("prod");
      expect(clean.github.annotations).toEqual([]);
      expect(clean.gitlabRequests).toEqual([`GET ${issuesPath}`]);
      expect(gh.issues()).toEqual([]);
      expect(gitlab.issues).toEqual([]);

      // (2) Someone changes the Wavix job title outside Pulumi: one issue, labelled, naming the field and the stack.
      await changeWavixBehindPulumisBack(sandbox, { job_title: "Chief Bottle Washer" });
      const drifted = await schedule(2);
      expect(drifted.github.summary).toContain("job_title");
      expect(drifted.github.annotations).toEqual([expect.stringMatching(/^::warning title=Profile drift::.*stack prod/)]);
      expect(ghCommands(drifted.ghCalls)).toEqual([lookUp, expect.stringMatching(/^gh label create profile-drift --force /), expect.stringMatching(/^gh issue create --title .* --label profile-drift --body-file /)]);
      expect(gh.issues()).toEqual([expect.objectContaining({ number: 1, labels: ["profile-drift"], state: "open", body: expect.stringContaining("job_title") })]);
      expect(gh.issues()[0]!.body).toContain("prod");
      expect(gh.issues()[0]!.body).not.toContain("stops here"); // a short report goes in whole
      expect(readFileSync(join(project.dir, "drift.md"), "utf8")).toContain("job_title"); // GitLab's artifact
      expect(drifted.gitlabRequests).toEqual([`GET ${issuesPath}`, `POST ${issuesPath}`]);
      expect(gitlab.issues).toEqual([expect.objectContaining({ iid: 1, labels: ["profile-drift"], state: "opened", description: expect.stringContaining("job_title") })]);

      // (3) Still drifted the next morning: the same issue brought up to date, no second one.
      const still = await schedule(2);
      expect(ghCommands(still.ghCalls)).toEqual([lookUp, expect.stringMatching(/^gh issue edit 1 --body-file /)]);
      expect(gh.issues()).toEqual([expect.objectContaining({ number: 1, state: "open", body: expect.stringContaining("job_title") })]);
      expect(still.gitlabRequests).toEqual([`GET ${issuesPath}`, `PUT ${issuesPath}/1`]);
      expect(gitlab.requests.at(-1)!.form).toEqual({ description: expect.stringContaining("job_title") });
      expect(gitlab.issues).toEqual([expect.objectContaining({ iid: 1, state: "opened" })]);

      // The report itself fails (the secret store holds a stale passphrase): both jobs fail at
      // the report, and the open issue stays as it is, since a failed read says nothing about drift.
      const [ghBefore, gitlabBefore] = [gh.calls().length, gitlab.requests.length];
      const stale = { ...secrets, secrets: { ...secrets.secrets, PULUMI_CONFIG_PASSPHRASE: "a-rotated-passphrase" } };
      const broken = await runWorkflow(GITHUB_WORKFLOW, "schedule", stale, project.dir, runner, installed);
      expect(broken.failed?.code).toBe(1);
      expect(broken.commands.at(-1)).toContain(DRIFT_REPORT);
      const brokenGitlab = await runGitlabJob(GITLAB_PIPELINE, "drift", project.dir, { ...gitlabJob, PULUMI_CONFIG_PASSPHRASE: "a-rotated-passphrase" }, installed);
      expect(brokenGitlab.code).toBe(1);
      expect([gh.calls().length, gitlab.requests.length]).toEqual([ghBefore, gitlabBefore]);
      expect([gh.issues()[0]!.state, gitlab.issues[0]!.state]).toEqual(["open", "opened"]);

      // (4) Repaired from the workstation (`pulumi up --refresh` puts the program's value back): closed, with a comment.
      const repair = await runCommand("pulumi", ["up", "--refresh", "--yes", "--skip-preview", "--stack", "prod"], { cwd: project.dir, env: { ...runner, ...ciVariables } });
      if (repair.code !== 0) throw commandFailure("pulumi up --refresh", repair);
      expect(sandbox.wavix.emulator.profile.job_title).toBe("Head of Platform");
      const repaired = await schedule(0);
      expect(ghCommands(repaired.ghCalls)).toEqual([lookUp, expect.stringMatching(/^gh issue close 1 --comment /)]);
      expect(gh.issues()).toEqual([expect.objectContaining({ number: 1, state: "closed", comments: [expect.stringContaining("https://github.com/acme/profiles/actions/runs/")] })]);
      expect(repaired.gitlabRequests).toEqual([`GET ${issuesPath}`, `POST ${issuesPath}/1/notes`, `PUT ${issuesPath}/1`]);
      expect(gitlab.issues).toEqual([expect.objectContaining({ iid: 1, state: "closed", notes: [expect.stringContaining(gitlabJob.CI_JOB_URL)] })]);
    } finally {
      await gitlab.close();
    }
  }),
);

const FLEET_WORKFLOW = join(repoRoot, "examples/ci/fleet-github-actions.yml");

it.concurrent("examples/ci fleet: two shards' stacks on one backend, `up` side by side on a push; on a schedule a drift report per shard and one summary naming the shard and account that drifted, exit 2, one issue", () =>
  withSandbox(async (sandbox) => {
    // Two Wavix accounts in one stack (acme, globex: their profiles share the id "profile") and a Voximplant one (initech): the emulators' own accounts.
    const credentials = {
      acme: { key: "wavix:accounts.acme.apiKey", value: sandbox.wavix.emulator.apiKey },
      globex: { key: "wavix:accounts.globex.apiKey", value: sandbox.wavix.emulator.otherApiKey },
      initech: { key: "voximplant:accounts.initech.credentials", value: JSON.stringify(sandbox.voximplant.emulator.credentials) },
    };
    type Account = keyof typeof credentials;
    const project = await (await projects()).copyExample("ci/fleet", "fleet");
    const { stacks } = JSON.parse(readFileSync(join(project.dir, "shards.json"), "utf8")) as { stacks: Record<string, Account[]> };
    expect(stacks).toEqual({ "fleet-1": ["acme", "globex"], "fleet-2": ["initech"] });
    const profilesOf = (account: Account) => JSON.parse(readFileSync(join(project.dir, "accounts", `${account}.json`), "utf8")) as Record<"wavix" | "voximplant", Record<string, unknown> | undefined>;

    // Once, on a workstation (examples/ci/README.md): a stack per shard, holding the credentials of its own accounts only.
    for (const [stack, accounts] of Object.entries(stacks)) {
      await project.pulumi("stack", "init", stack);
      await project.pulumi("config", "set-all", "--stack", stack, "--path", ...accounts.flatMap((account) => ["--secret", `${credentials[account].key}=${credentials[account].value}`]));
    }
    const gh = installGhStandIn(`${project.dir}.gh`);
    const runner = { ...runnerEnv(sandbox, project), PATH: `${gh.binDir}:${process.env.PATH}` };
    const store: WorkflowContext = {
      github: { token: "ghs_the-jobs-own-token", repository: "acme/profiles" },
      secrets: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, AWS_ACCESS_KEY_ID: "unused-by-a-file-backend", AWS_SECRET_ACCESS_KEY: "unused-by-a-file-backend" },
      vars: { PULUMI_BACKEND_URL: project.env.PULUMI_BACKEND_URL!, AWS_REGION: "unused-by-a-file-backend" },
    };
    // copyExample installed the project from its package-lock.json, as each job's `npm ci` would.
    const installed = { skip: ["npm ci --ignore-scripts"] };

    const push = await runWorkflow(FLEET_WORKFLOW, "push", store, project.dir, runner, installed);
    if (push.failed) throw commandFailure(`on push, "${push.jobs.find((j) => j.failed)?.steps.at(-1)?.command}"`, push.failed);
    const deploys = push.jobs.filter((j) => j.job === "deploy");
    expect(deploys.map((j) => [j.matrix, j.concurrency])).toEqual([[{ stack: "fleet-1" }, "pulumi-profiles-fleet-1"], [{ stack: "fleet-2" }, "pulumi-profiles-fleet-2"]]);
    // Side by side: each `up` started before the other ended, the two stacks in one backend directory.
    const ups = deploys.map((j) => j.steps.find((step) => step.command.startsWith("pulumi up"))!);
    expect(Math.max(...ups.map((u) => u.started))).toBeLessThan(Math.min(...ups.map((u) => u.ended)));
    const backend = fileURLToPath(project.env.PULUMI_BACKEND_URL!);
    expect(readdirSync(join(backend, ".pulumi/stacks/profiles-fleet")).filter((f) => f.endsWith(".json")).sort()).toEqual(["fleet-1.json", "fleet-2.json"]);
    // Every account's profile as its file says, each written with that account's credentials into that account.
    expect(sandbox.wavix.emulator.profile).toMatchObject({ first_name: profilesOf("acme").wavix!.first_name, job_title: profilesOf("acme").wavix!.job_title });
    expect(sandbox.wavix.emulator.otherProfile).toMatchObject({ first_name: profilesOf("globex").wavix!.first_name, job_title: profilesOf("globex").wavix!.job_title });
    expect(sandbox.voximplant.emulator.account).toMatchObject({ account_first_name: profilesOf("initech").voximplant!.account_first_name });

    // Someone changes globex's Wavix job title (stack fleet-1, beside acme's Wavix profile) in its console.
    sandbox.wavix.emulator.otherProfile.job_title = "Chief Troublemaker";
    sandbox.clearLogs();
    const schedule = await runWorkflow(FLEET_WORKFLOW, "schedule", store, project.dir, runner, installed);
    if (schedule.failed) throw commandFailure(`on schedule, "${schedule.jobs.find((j) => j.failed)?.steps.at(-1)?.command}"`, schedule.failed);
    expect(schedule.jobs.map((j) => [j.job, j.matrix?.stack, j.status])).toEqual([
      ["shards", undefined, "success"],
      ["drift", "fleet-1", "success"],
      ["drift", "fleet-2", "success"],
      ["summary", undefined, "success"],
    ]);
    expect(writesReceived(sandbox)).toEqual([]); // the reports only read
    // Each shard's job summary holds its own report.
    const [driftOne, driftTwo] = schedule.jobs.filter((j) => j.job === "drift");
    expect(driftOne!.summary).toContain("`job_title`");
    expect(driftTwo!.summary).toContain("No drift");

    // One summary: exit 2, a row per shard, the drift under fleet-1's section with globex's account (not acme's), fleet-2 clean.
    const summary = schedule.jobs.find((j) => j.job === "summary")!;
    expect(summary.outputs.report).toEqual({ status: "2" });
    expect(summary.summary).toMatch(/^## Profile drift: 2 stacks of project `profiles-fleet`\n/);
    expect(tableOf(summary.summary)!.rows.map((r) => r.map((c) => c.text).slice(0, 4))).toEqual([
      ["`fleet-1`", "changes", "2", "1"],
      ["`fleet-2`", "clean", "1", "0"],
      ["**all**", "**changes**", "3", "1"],
    ]);
    const [fleetOne, fleetTwo] = summary.summary.split(/^(?=### )/m).slice(1);
    expect(fleetOne).toMatch(/^### Profile drift: stack `fleet-1`/);
    expect(fleetOne).toMatch(/\| Wavix \w+ `globex` \(`profile`\), account `globex` \| `job_title` \| changed outside Pulumi \| `"Chief Executive"` \| `"Chief Troublemaker"` \|/);
    expect(fleetOne).not.toMatch(/account `acme` \|/);
    expect(fleetTwo).toMatch(/^### Profile drift: stack `fleet-2`, project `profiles-fleet`\n\nNo drift: 1 profile in sync/);
    expect(schedule.annotations).toEqual([expect.stringMatching(/^::warning title=Profile drift::/)]);
    expect(gh.issues()).toEqual([expect.objectContaining({ number: 1, title: "Profile drift in the fleet", labels: ["profile-drift"], state: "open", body: expect.stringContaining("account `globex`") })]);

    // Rotating one account's key (a new key of acme's account, in fleet-1's config) is no change
    // and no write; no key is in state in plain. Pulumi refreshes with the provider settings the
    // last `up` recorded, so the deploy's `up` is what brings the new key to the next report.
    sandbox.wavix.emulator.otherProfile.job_title = "Chief Executive"; // the drift is put back
    const rotated = `wvx_rotated_${"7".repeat(24)}`;
    sandbox.wavix.emulator.addKey(rotated);
    await project.pulumi("config", "set", "--stack", "fleet-1", "--secret", "--path", "wavix:accounts.acme.apiKey", "--", rotated);
    // The workflow's jobs found the emulators through the runner's environment; this workstation, through config.
    await project.pulumi("config", "set", "--stack", "fleet-1", "wavix:baseUrl", sandbox.wavix.server.url);
    sandbox.clearLogs();
    await project.pulumi("up", "--stack", "fleet-1", "--yes", "--expect-no-changes");
    await project.pulumi("preview", "--stack", "fleet-1", "--refresh", "--expect-no-changes");
    expect(writesReceived(sandbox)).toEqual([]);
    expect(sandbox.servers.wavix!.requests.map((r) => r.headers.authorization)).toContain(`Bearer ${rotated}`);
    const state = (await project.pulumi("stack", "export", "--stack", "fleet-1")).stdout;
    for (const secret of [rotated, sandbox.wavix.emulator.apiKey, sandbox.wavix.emulator.otherApiKey]) expect(state).not.toContain(secret);
  }),
);
