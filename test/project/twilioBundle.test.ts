import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type RecordedRequest, type Sandbox } from "../../sandbox";
import { ProjectWorkspace, type Project } from "./projectWorkspace";
import { configSetArgs, credentialConfig, writesReceived } from "./sandboxCredentials";

/**
 * One customer's Twilio business profile, whole (examples/twilio), through the real CLI in a
 * project directory: created from nothing and submitted after one Evaluation; an incomplete
 * bundle refused with the missing requirement named and nothing submitted.
 */
jest.setTimeout(900_000);

let workspace: ProjectWorkspace | undefined;
let sandbox: Sandbox | undefined;
beforeAll(async () => {
  [sandbox, workspace] = await Promise.all([startSandbox(), ProjectWorkspace.create()]);
});
afterAll(async () => {
  workspace?.cleanup();
  await sandbox?.close();
});

async function twilioProject(as: string, edit: (source: string) => string = (s) => s): Promise<Project> {
  const project = await workspace!.copyExample("twilio", as);
  const index = join(project.dir, "index.ts");
  writeFileSync(index, edit(readFileSync(index, "utf8")));
  await project.pulumi("stack", "init", "dev");
  for (const entry of credentialConfig(sandbox!, "twilio")) await project.pulumi(...configSetArgs(entry));
  await project.pulumi("config", "set", "primaryCustomerProfileSid", sandbox!.twilio.emulator.primaryCustomerProfile().sid);
  return project;
}

/** "POST /v1/…" with sids as the kind of object they name, so the log reads the same every run. */
const shape = (path: string) => path.replace(/\b(AC|BU|IT|RD|AD)[0-9a-f]{32}\b/g, "$1…");
const twilioWrites = () => writesReceived(sandbox!).map((w) => shape(w.replace(/^twilio /, "")));
const form = (request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body ?? ""));

it("a complete bundle is created from nothing and submitted after one Evaluation; then only what changed is written", async () => {
  const project = await twilioProject("bundle");
  sandbox!.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  const writes = twilioWrites();
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
  const submit = sandbox!.twilio.server.requests.filter((r) => r.method === "POST" && /^\/v1\/CustomerProfiles\/BU[0-9a-f]{32}$/.test(r.path));
  expect(submit.map(form)).toEqual([{ Status: "pending-review" }]);
  const created = [...sandbox!.twilio.emulator.profiles.values()].find((p) => p.friendly_name === "Acme, Inc.")!;
  expect(created.status).toBe("in-review");

  sandbox!.clearLogs();
  await project.pulumi("preview", "--refresh", "--expect-no-changes");
  expect(twilioWrites()).toEqual([]);

  // An attribute edited in the program: one write of that end user's Attributes, nothing else.
  const index = join(project.dir, "index.ts");
  writeFileSync(index, readFileSync(index, "utf8").replace('business_title: "Head of Platform"', 'business_title: "Chief Engineer"'));
  sandbox!.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  expect(twilioWrites()).toEqual(["POST /v1/EndUsers/IT…"]);
});

it("an incomplete bundle is refused with the missing requirement named, and nothing is submitted", async () => {
  // The program forgets the authorized representative.
  const project = await twilioProject("incomplete", (source) => source.replace("[business.sid, representative.sid, addressDocument.sid,", "[business.sid, addressDocument.sid,"));
  sandbox!.clearLogs();
  const up = await project.pulumiStatus("up", "--yes", "--skip-preview");
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toMatch(/found the bundle noncompliant: Authorized Representative #1: .*missing/);
  expect(up.stdout + up.stderr).toContain("Nothing was submitted");
  const profile = [...sandbox!.twilio.emulator.profiles.values()].find((p) => p.friendly_name === "Acme, Inc." && p.status === "draft");
  expect(profile).toBeDefined();
  const submits = sandbox!.twilio.server.requests.filter((r) => r.path === `/v1/CustomerProfiles/${profile!.sid}` && r.method === "POST");
  expect(submits).toEqual([]);

  // Completed in the program: the next up adds the one assignment, evaluates, submits.
  const index = join(project.dir, "index.ts");
  writeFileSync(index, readFileSync(index, "utf8").replace("[business.sid, addressDocument.sid,", "[business.sid, representative.sid, addressDocument.sid,"));
  sandbox!.clearLogs();
  await project.pulumi("up", "--yes", "--skip-preview");
  expect(twilioWrites()).toEqual(["POST /v1/CustomerProfiles/BU…/EntityAssignments", "POST /v1/CustomerProfiles/BU…/Evaluations", "POST /v1/CustomerProfiles/BU…"]);
  expect(sandbox!.twilio.emulator.profiles.get(profile!.sid)!.status).toBe("in-review");
});
