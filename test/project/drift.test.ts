import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type RecordedRequest, type Sandbox } from "../../sandbox";
import { DriftReport, type FieldReport, type ProfileReport } from "../../cli/drift/report";
import { type Project, ProjectWorkspace, runCommand } from "./projectWorkspace";
import { configSetArgs, credentialConfig, writesReceived } from "./sandboxCredentials";

/**
 * `pulumi-profiles drift` in a project directory, as a scheduled job runs it: the package from
 * `npm pack`, the real CLI, a local file backend, the emulators of all four APIs. One stack holds
 * a case of every kind (the cells are independent profiles, so they share one preview):
 * plain and nested drift (Wavix), readable secrets drifting (2sms SMSPassword, Voximplant
 * callback_salt), a program-only change (2sms Name), a conflict (Wavix last_name), a Twilio profile
 * deleted outside Pulumi and one whose status Twilio moved.
 */
jest.setTimeout(600_000);

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { twilio, twosms, voximplant, wavix } from "pulumi-profiles";

const config = new pulumi.Config();
new wavix.Profile("wavix", {
  job_title: "Head of Platform",
  last_name: config.require("lastName"),
  company_info: { name: "Analytical Engines Ltd" },
});
// account_first_name is no secret to the API; this program marks it one, so the report must too.
new voximplant.AccountInfo("voximplant", { language_code: "en", callback_salt: config.requireSecret("salt"), account_first_name: pulumi.secret("Ada-Marked-Secret") });
new twosms.Account("twosms", { Name: config.require("smsName"), SMSPassword: config.requireSecret("smsPassword") });
new twilio.CustomerProfile("support", { FriendlyName: "Support", Email: "support@engines.example", PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5" });
// Submitted with a compliant bundle before this stack adopted it.
new twilio.CustomerProfile("billing", { sid: config.require("billingSid"), FriendlyName: "Billing", Email: "billing@engines.example", Status: "pending-review" });
// A bundle's address document, which someone edits in the Console.
const hq = new twilio.Address("hq", { CustomerName: "Analytical Engines Ltd", Street: "1 Babbage Row", City: "London", Region: "London", PostalCode: "N1 9GU", IsoCountry: "GB" });
new twilio.SupportingDocument("hq-document", { FriendlyName: "Head office", Type: "customer_profile_address", Attributes: { address_sids: hq.sid } });
`;

/** Secret values this test sets anywhere: none may appear in any output of the report. */
const SECRETS = { salt: "salt-as-applied-0001", smsPassword: "Sms-Passw0rd-applied", liveSalt: "salt-set-in-console-9", liveSmsPassword: "Sms-Passw0rd-console", marked: "Ada-Marked-Secret", liveMarked: "Evelyn-Marked-Console" };

let workspace: ProjectWorkspace | undefined;

let sandbox: Sandbox | undefined;
afterAll(async () => {
  workspace?.cleanup();
  await sandbox?.close();
});

const reads = (s: Sandbox) =>
  Object.entries(s.servers)
    .flatMap(([api, server]) => server.requests.map((r: RecordedRequest) => `${api} ${r.method} ${r.path}`))
    .sort();

async function drift(project: Project, ...args: string[]) {
  return runCommand("npx", ["--no-install", "pulumi-profiles", "drift", ...args], { cwd: project.dir, env: { ...process.env, ...project.env } });
}

const field = (profile: ProfileReport | undefined, name: string): FieldReport | undefined => profile?.fields.find((f) => f.field === name);

it("reports every kind of change per field, reads what preview --refresh reads, writes nothing, and never shows a secret", async () => {
  sandbox = await startSandbox();
  workspace = await ProjectWorkspace.create();
  const project = await workspace.copyExample("all-profiles", "drift");
  writeFileSync(join(project.dir, "index.ts"), PROGRAM);
  await project.pulumi("stack", "init", "dev");
  for (const api of ["wavix", "voximplant", "twosms", "twilio"] as const) for (const entry of credentialConfig(sandbox, api)) await project.pulumi(...configSetArgs(entry));
  const billing = sandbox.twilio.emulator.seed({ friendly_name: "Billing", email: "billing@engines.example" });
  sandbox.twilio.emulator.bundle.seedCompliantBundle(billing.sid);
  billing.status = "in-review";
  for (const [key, value] of [["lastName", "Lovelace"], ["smsName", "Analytical Engines Ltd"], ["billingSid", billing.sid]]) await project.pulumi("config", "set", key!, value!);
  for (const [key, value] of [["salt", SECRETS.salt], ["smsPassword", SECRETS.smsPassword]]) await project.pulumi(...configSetArgs({ key: key!, value: value!, secret: true }));
  await project.pulumi("up", "--yes", "--skip-preview");

  // Clean: exit 0, every profile in sync, and not one write.
  sandbox.clearLogs();
  const clean = await drift(project, "--format", "json");
  expect({ code: clean.code, stderr: clean.code === 0 ? "" : clean.stderr }).toEqual({ code: 0, stderr: "" });
  const cleanReport = DriftReport.parse(JSON.parse(clean.stdout));
  expect(cleanReport.outcome).toBe("clean");
  expect(cleanReport.profiles.map((p) => [p.name, p.state])).toEqual(expect.arrayContaining([["wavix", "in-sync"], ["voximplant", "in-sync"], ["twosms", "in-sync"], ["support", "in-sync"], ["billing", "in-sync"], ["hq", "in-sync"], ["hq-document", "in-sync"]]));
  expect(writesReceived(sandbox)).toEqual([]);

  // Behind Pulumi's back, and in the program.
  const state = JSON.parse((await project.pulumi("stack", "export")).stdout) as { deployment: { resources: Array<{ urn: string; id?: string }> } };
  const sidOf = (name: string) => state.deployment.resources.find((r) => r.urn.endsWith(`::${name}`))!.id!;
  const wavixProfile = sandbox.wavix.emulator.profile as unknown as { job_title: string; last_name: string; company_info: { name: string } };
  wavixProfile.job_title = "CTO";
  wavixProfile.company_info.name = "Other Ltd";
  wavixProfile.last_name = "Byron";
  sandbox.voximplant.emulator.account.callback_salt = SECRETS.liveSalt;
  sandbox.voximplant.emulator.account.account_first_name = SECRETS.liveMarked;
  sandbox.twosms.emulator.account.SMSPassword = SECRETS.liveSmsPassword;
  sandbox.twilio.emulator.profiles.delete(sidOf("support"));
  sandbox.twilio.emulator.review(sidOf("billing"), "twilio-rejected");
  const elsewhere = sandbox.twilio.emulator.bundle.seedAddress({ street: "2 Lovelace Lane" });
  sandbox.twilio.emulator.bundle.editInConsole(sidOf("hq-document"), { friendly_name: "Old head office", attributes: { address_sids: elsewhere.sid } });
  await project.pulumi("config", "set", "lastName", "King");
  await project.pulumi("config", "set", "smsName", "Analytical Engines plc");

  sandbox.clearLogs();
  const preview = await project.pulumiStatus("preview", "--refresh");
  expect(preview.code).toBe(0);
  // The program still asks for pending-review of the profile Twilio rejected: a preview asks
  // Twilio's Evaluation of its bundle before showing the resubmit (compliant, so it passes). The
  // report, which only reads, does not: otherwise it sends what the preview sends.
  const evaluation = `twilio POST /v1/CustomerProfiles/${sidOf("billing")}/Evaluations`;
  expect(reads(sandbox)).toContain(evaluation);
  const previewReads = reads(sandbox).filter((request) => request !== evaluation);

  sandbox.clearLogs();
  const stateBefore = (await project.pulumi("stack", "export")).stdout;
  const summaryFile = join(project.dir, "summary.md");
  const found = await drift(project, "--format", "json", "--summary-file", summaryFile);
  expect(found.code).toBe(2);
  // The same requests as the preview it runs: one read per profile (and Twilio's account check
  // before it believes a profile gone), no write.
  expect(reads(sandbox)).toEqual(previewReads);
  expect(writesReceived(sandbox)).toEqual([]);

  const report = DriftReport.parse(JSON.parse(found.stdout));
  const profile = (name: string) => report.profiles.find((p) => p.name === name);
  expect(report.outcome).toBe("changes");
  expect(field(profile("wavix"), "job_title")).toMatchObject({ verdict: "drift", lastApplied: "Head of Platform", live: "CTO", program: "Head of Platform", keepLive: 'job_title: "CTO"', restoreProgram: "pulumi up --refresh --stack dev" });
  expect(field(profile("wavix"), "company_info.name")).toMatchObject({ verdict: "drift", live: "Other Ltd", keepLive: 'company_info: { name: "Other Ltd" }' });
  expect(field(profile("wavix"), "last_name")).toMatchObject({ verdict: "conflict", lastApplied: "Lovelace", live: "Byron", program: "King" });
  expect(profile("wavix")!.state).toBe("conflict");
  expect(field(profile("twosms"), "Name")).toMatchObject({ verdict: "program", lastApplied: "Analytical Engines Ltd", live: "Analytical Engines Ltd", program: "Analytical Engines plc" });
  for (const [name, secret] of [["twosms", "SMSPassword"], ["voximplant", "callback_salt"], ["voximplant", "account_first_name"]] as const) {
    const reported = field(profile(name), secret)!;
    expect(reported).toMatchObject({ verdict: "drift", secret: true });
    expect(Object.keys(reported).filter((key) => ["lastApplied", "live", "program"].includes(key))).toEqual([]);
  }
  expect(profile("support")).toMatchObject({ state: "gone", fields: [] });
  expect(profile("support")!.notices.map((n) => n.kind)).toContain("gone");
  expect(profile("billing")!.notices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "status", message: expect.stringContaining("from in-review to twilio-rejected") })]));
  // A bundle's document edited in the Console: each attribute is a field of its own.
  expect(field(profile("hq-document"), "FriendlyName")).toMatchObject({ verdict: "drift", lastApplied: "Head office", live: "Old head office", program: "Head office" });
  expect(field(profile("hq-document"), "Attributes.address_sids")).toMatchObject({ verdict: "drift", lastApplied: sidOf("hq"), live: elsewhere.sid });
  expect(report.counts).toMatchObject({ profiles: 7, gone: 1, conflicts: 1 });

  const markdown = readFileSync(summaryFile, "utf8");
  expect(markdown).toContain("job_title");
  const text = await drift(project);
  expect(text.code).toBe(2);
  expect(text.stdout).toContain("job_title");
  for (const output of [found.stdout, found.stderr, markdown, text.stdout, text.stderr]) {
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  }
  // Read-only: the state is byte for byte what it was.
  expect((await project.pulumi("stack", "export")).stdout).toBe(stateBefore);
});

/** A stack of one Wavix profile, for the tests that break a run. */
let wavixOnly: Project | undefined;

it("reports the operation a killed `pulumi up` left pending, and its way out works", async () => {
  const project = (wavixOnly = await workspace!.copyExample("all-profiles", "drift-wavix"));
  writeFileSync(join(project.dir, "index.ts"), `import * as pulumi from "@pulumi/pulumi";\nimport { wavix } from "pulumi-profiles";\nnew wavix.Profile("wavix", { job_title: new pulumi.Config().require("title") });\n`);
  await project.pulumi("stack", "init", "dev");
  for (const entry of credentialConfig(sandbox!, "wavix")) await project.pulumi(...configSetArgs(entry));
  await project.pulumi("config", "set", "title", "Head of Platform");
  await project.pulumi("up", "--yes", "--skip-preview");
  await project.pulumi("config", "set", "title", "Chief Platform Officer");
  // Wavix holds the write until the run is killed: Pulumi records the update as pending first.
  let release!: () => void;
  const arrived = sandbox!.wavix.server.inject({ method: "PUT", path: "/v1/profile", status: 503, hold: new Promise<void>((resolve) => (release = resolve)) });
  const run = spawn("pulumi", ["up", "--yes", "--skip-preview"], { cwd: project.dir, env: { ...process.env, ...project.env }, detached: true, stdio: "ignore" });
  const exited = new Promise((resolve) => run.on("exit", resolve));
  try {
    await until(arrived);
  } finally {
    process.kill(-run.pid!, "SIGKILL");
    await exited;
    release();
  }
  const found = await drift(project, "--format", "json");
  expect(found.code).toBe(2);
  const wavixReport = DriftReport.parse(JSON.parse(found.stdout)).profiles.find((p) => p.name === "wavix");
  expect(wavixReport!.notices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "pending-operation", message: expect.stringContaining("pulumi up --refresh --stack dev") })]));
  // The way out the report gives works, unattended: the killed run's lock released, then up --refresh.
  expect(wavixReport!.notices.find((n) => n.kind === "pending-operation")!.message).toContain("pulumi cancel --stack dev");
  await project.pulumi("cancel", "--yes", "--stack", "dev");
  const finished = await project.pulumiStatus("up", "--refresh", "--yes", "--skip-preview");
  expect({ code: finished.code, stderr: finished.code === 0 ? "" : finished.stdout + finished.stderr }).toEqual({ code: 0, stderr: "" });
  const after = DriftReport.parse(JSON.parse((await drift(project, "--format", "json")).stdout));
  expect(after.outcome).toBe("clean");
});

/** Waits until `met()` is true (a request has reached the emulator), for at most two minutes. */
async function until(met: () => boolean): Promise<void> {
  for (const started = Date.now(); !met(); ) {
    if (Date.now() - started > 120_000) throw new Error("the held request never arrived");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("exits 1 with the provider's own message, and prints no report, when a profile cannot be read", async () => {
  const project = wavixOnly!;
  // The key the stack uses is revoked: Wavix answers 401 to the read.
  sandbox!.wavix.emulator.rotateKey("wvx_rotated_after_the_last_up");
  const failed = await drift(project, "--stack", "dev");
  expect(failed.code).toBe(1);
  expect(failed.stdout).toBe("");
  expect(failed.stderr).toMatch(/drift report failed: .*Wavix.*401/s);
});
