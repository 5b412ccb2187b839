import type { Stack } from "@pulumi/pulumi/automation";
import { SANDBOX_POLICY_SID } from "../../sandbox";
import { twilio, twosms, wavix } from "../../sdk";
import { createStack } from "../../scripts/pulumi-cli/localStack";
import { programDirPerFile, sandboxPerFile } from "../support/fixtures";

/**
 * `pulumi up` never deletes an object the stack did not create, never duplicates, never strands a
 * stack: the identity and partial-failure paths, through the real Pulumi CLI.
 */
jest.setTimeout(600_000);

const sandbox = sandboxPerFile();
const program = programDirPerFile("pulumi-profiles-safety-");
const OTHER_POLICY = "RN" + "b".repeat(32);

let declare: () => void = () => undefined;

function stackNamed(name: string): Promise<Stack> {
  return createStack({
    programDir: program.dir,
    stackName: name,
    program: async () => declare(),
    env: { ...sandbox.env },
  });
}

const stateOf = async (stack: Stack, name: string) =>
  (await stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`)) as { id: string; outputs: Record<string, unknown>; inputs: Record<string, unknown> } | undefined;

describe("identity changes", () => {
  it("refuses a PolicySid change on an adopted Twilio profile, deletes nothing, and previews clean once set back", async () => {
    const existing = sandbox.twilio.emulator.seed({ friendly_name: "Adopted Ltd", email: "adopted@acme.example" });
    let policy = SANDBOX_POLICY_SID;
    declare = () => new twilio.CustomerProfile("adopted", { sid: existing.sid, FriendlyName: "Adopted Ltd", PolicySid: policy, deleteOnDestroy: true });
    const stack = await stackNamed("adopted-policy");
    await stack.up();

    policy = OTHER_POLICY;
    let text = "";
    await expect(stack.preview({ onOutput: (s) => (text += s) })).rejects.toThrow();
    expect(text).toContain(`Twilio fixes PolicySid when a CustomerProfile is created: the adopted ${existing.sid} has ${SANDBOX_POLICY_SID}`);
    expect(text).toMatch(/remove the id that adopts it/);
    await expect(stack.up()).rejects.toThrow();
    expect(sandbox.twilio.emulator.profiles.get(existing.sid)?.policy_sid).toBe(SANDBOX_POLICY_SID);

    policy = SANDBOX_POLICY_SID;
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
    await stack.destroy();
  });

  it("replaces a created Twilio profile on a PolicySid change, also when the new value is unknown at preview: one profile left", async () => {
    let source = false;
    declare = () => {
      const policy = source ? new twilio.CustomerProfile("source", { FriendlyName: "Source", Email: "s@acme.example", PolicySid: OTHER_POLICY }).policy_sid.apply((p) => p ?? OTHER_POLICY) : SANDBOX_POLICY_SID;
      new twilio.CustomerProfile("made", { FriendlyName: "Made here", Email: "made@acme.example", PolicySid: policy });
    };
    const stack = await stackNamed("created-policy");
    await stack.up();
    const first = (await stateOf(stack, "made"))!.id;

    source = true;
    // The new PolicySid is an output of a resource not made yet: unknown in preview.
    const preview = await stack.preview();
    const up = await stack.up();
    expect(preview.changeSummary).toEqual({ create: 1, replace: 1, same: 1 });
    expect(up.summary.resourceChanges).toEqual({ create: 1, replace: 1, same: 1 });
    const made = [...sandbox.twilio.emulator.profiles.values()].filter((p) => p.friendly_name === "Made here");
    expect(made.map((p) => p.policy_sid)).toEqual([OTHER_POLICY]);
    expect(sandbox.twilio.emulator.profiles.has(first)).toBe(false);
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 3 });
    await stack.destroy();
  });

  it("removing an explicit 2sms accountId replaces: the old account is forgotten and the default one adopted", async () => {
    const account = sandbox.twosms.emulator.account;
    let withId = true;
    declare = () => new twosms.Account("acct", { ...(withId ? { accountId: account.ID } : {}), SMSPassword: "Sms-Passw0rd", Name: "Kept Ltd" });
    const stack = await createStack({ programDir: program.dir, stackName: "twosms-account", program: async () => declare(), env: { ...sandbox.env } });
    await stack.up();
    withId = false;
    expect((await stack.preview()).changeSummary).toEqual({ replace: 1, same: 1 });
    await stack.up();
    const state = (await stateOf(stack, "acct"))!;
    expect(state.inputs.accountId).toBeUndefined();
    expect(account.Name).toBe("Kept Ltd");
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
  });
});

describe("partial failures leave a stack that refresh, destroy and up can all load", () => {
  it("a Twilio create whose status change is refused: refresh works, the next up finishes it, destroy deletes it", async () => {
    declare = () => new twilio.CustomerProfile("partial", { FriendlyName: "Partial", Email: "p@acme.example", PolicySid: SANDBOX_POLICY_SID, Status: "pending-review" });
    const stack = await stackNamed("partial-create");
    sandbox.twilio.server.inject({ method: "POST", path: /^\/v1\/CustomerProfiles\/BU/, status: 400, body: JSON.stringify({ code: 20001, message: "Invalid status", status: 400 }) });
    await expect(stack.up()).rejects.toThrow(/created BU[0-9a-f]{32}, but finishing it failed/);
    const state = (await stateOf(stack, "partial"))!;
    expect(typeof state.outputs.__provider).toBe("string");
    await stack.refresh();
    // What Twilio needs before it takes the profile for review, assembled outside this stack.
    sandbox.twilio.emulator.bundle.seedCompliantBundle(state.id);
    await stack.up();
    const made = [...sandbox.twilio.emulator.profiles.values()].filter((p) => p.friendly_name === "Partial");
    expect(made.map((p) => [p.sid, p.status])).toEqual([[state.id, "in-review"]]);
    await stack.destroy();
    expect(sandbox.twilio.emulator.profiles.has(state.id)).toBe(false);
  });

  it("toggling only restoreOnDelete writes nothing and keeps a created profile's sid output", async () => {
    let restore = false;
    declare = () => new twilio.CustomerProfile("kept", { FriendlyName: "Kept", Email: "k@acme.example", PolicySid: SANDBOX_POLICY_SID, restoreOnDelete: restore });
    const stack = await stackNamed("toggle-restore");
    await stack.up();
    restore = true;
    sandbox.clearLogs();
    await stack.up();
    expect(sandbox.twilio.server.log({ method: "POST" })).toHaveLength(0);
    const state = (await stateOf(stack, "kept"))!;
    expect(state.outputs.sid).toBe(state.id);
    await stack.destroy();
  });

  it("restoreOnDelete leaves a field that was empty before as it is, so destroy is not refused", async () => {
    sandbox.wavix.emulator.profile.job_title = null as unknown as string;
    declare = () => new wavix.Profile("empty", { job_title: "Set by the stack", first_name: "Grace", restoreOnDelete: true });
    const stack = await stackNamed("restore-empty");
    const firstName = sandbox.wavix.emulator.profile.first_name;
    await stack.up();
    sandbox.clearLogs();
    await stack.destroy();
    const puts = sandbox.wavix.server.log({ method: "PUT" });
    expect(puts.map((r) => JSON.parse(r.body) as Record<string, unknown>)).toEqual([{ first_name: firstName }]);
    expect(sandbox.wavix.emulator.profile.job_title).toBe("Set by the stack");
  });
});

/**
 * The cases of issue 22 as the user reported them, each through the real CLI: before the
 * ownership model, each one deleted, reverted, duplicated or stranded a live profile.
 */
describe("ownership: a live profile is deleted, reverted or dropped only by the resource that owns it", () => {
  it("renaming an adopted Twilio profile (deleteOnDestroy) without an alias keeps it live, and refresh previews clean", async () => {
    const existing = sandbox.twilio.emulator.seed({ friendly_name: "Rename Ltd" });
    let name = "before";
    declare = () => new twilio.CustomerProfile(name, { sid: existing.sid, FriendlyName: "Rename Ltd", deleteOnDestroy: true });
    const stack = await stackNamed("rename-adopted");
    await stack.up();
    name = "after";
    sandbox.clearLogs();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 1, delete: 1, same: 1 });
    expect(sandbox.twilio.emulator.profiles.has(existing.sid)).toBe(true);
    expect(sandbox.twilio.server.log({ method: "DELETE" })).toEqual([]);
    expect((await stateOf(stack, "after"))!.id).toBe(existing.sid);
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
    await stack.destroy();
    expect(sandbox.twilio.emulator.profiles.has(existing.sid)).toBe(false);
  });

  it("renaming a Wavix profile with restoreOnDelete does not revert it", async () => {
    sandbox.wavix.emulator.profile.first_name = "Original";
    let name = "wavix-before";
    declare = () => new wavix.Profile(name, { first_name: "Set by stack", restoreOnDelete: true });
    const stack = await stackNamed("rename-restore");
    await stack.up();
    name = "wavix-after";
    sandbox.clearLogs();
    expect((await stack.up()).summary.resourceChanges).toEqual({ create: 1, delete: 1, same: 1 });
    expect(sandbox.wavix.server.log({ method: "PUT" })).toEqual([]);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Set by stack");
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
    await stack.destroy();
  });

  it("`up --replace` of a Wavix profile with restoreOnDelete writes nothing: the old resource releases it to the new one", async () => {
    sandbox.wavix.emulator.profile.first_name = "Original";
    declare = () => new wavix.Profile("kept", { first_name: "Set by stack", restoreOnDelete: true });
    const stack = await stackNamed("replace-restore");
    await stack.up();
    const urn = ((await stateOf(stack, "kept")) as unknown as { urn: string }).urn;
    sandbox.clearLogs();
    expect((await stack.up({ replace: [urn] })).summary.resourceChanges).toEqual({ replace: 1, same: 1 });
    expect(sandbox.wavix.server.log({ method: "PUT" })).toEqual([]);
    expect(sandbox.wavix.emulator.profile.first_name).toBe("Set by stack");
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
    // Re-adopted as it was then (README: a replace or rename re-adopts): destroy writes nothing back.
    sandbox.clearLogs();
    await stack.destroy();
    expect(sandbox.wavix.server.log({ method: "PUT" })).toEqual([]);
  });

  it("`up --replace` of an adopted Twilio profile under deleteOnDestroy deletes nothing", async () => {
    const existing = sandbox.twilio.emulator.seed({ friendly_name: "Replace Ltd" });
    declare = () => new twilio.CustomerProfile("replaced", { sid: existing.sid, FriendlyName: "Replace Ltd", deleteOnDestroy: true });
    const stack = await stackNamed("replace-adopted");
    await stack.up();
    const urn = (await stateOf(stack, "replaced") as unknown as { urn: string }).urn;
    sandbox.clearLogs();
    expect((await stack.up({ replace: [urn] })).summary.resourceChanges).toEqual({ replace: 1, same: 1 });
    expect(sandbox.twilio.server.log({ method: "DELETE" })).toEqual([]);
    expect(sandbox.twilio.emulator.profiles.has(existing.sid)).toBe(true);
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
  });

  it("re-pointing sid to one that does not exist (deleteOnDestroy turned off in the same commit) fails and leaves the first profile live and in state", async () => {
    const first = sandbox.twilio.emulator.seed({ friendly_name: "First Ltd" });
    let sid = first.sid;
    let deleteOnDestroy = true;
    declare = () => new twilio.CustomerProfile("pointed", { sid, FriendlyName: "First Ltd", deleteOnDestroy });
    const stack = await stackNamed("repoint-missing");
    await stack.up();
    sid = "BU" + "0".repeat(32);
    deleteOnDestroy = false;
    await expect(stack.up()).rejects.toThrow(/was not found|20404/);
    expect(sandbox.twilio.emulator.profiles.has(first.sid)).toBe(true);
    expect((await stateOf(stack, "pointed"))!.id).toBe(first.sid);
    sid = first.sid;
    await stack.up();
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
    expect(sandbox.twilio.emulator.profiles.has(first.sid)).toBe(true);
  });

  it("refresh and destroy against a mistyped base URL fail and keep the created profile; the next up makes no second one", async () => {
    declare = () => new twilio.CustomerProfile("made", { FriendlyName: "Typo Ltd", Email: "t@acme.example", PolicySid: SANDBOX_POLICY_SID });
    const stack = await stackNamed("typo-url");
    await stack.up();
    const made = (await stateOf(stack, "made"))!.id;
    // Mistyped as a user does it: a path on Twilio's own host, which Twilio answers with its own 20404.
    stack.workspace.envVars.TWILIO_TRUSTHUB_BASE_URL = `${sandbox.twilio.server.url}/typo`;
    await expect(stack.refresh()).rejects.toThrow(/twilio:trusthubBaseUrl/);
    await expect(stack.destroy()).rejects.toThrow(/twilio:trusthubBaseUrl/);
    expect((await stateOf(stack, "made"))!.id).toBe(made);
    expect(sandbox.twilio.emulator.profiles.has(made)).toBe(true);
    stack.workspace.envVars.TWILIO_TRUSTHUB_BASE_URL = sandbox.twilio.server.url;
    await stack.up();
    expect([...sandbox.twilio.emulator.profiles.values()].filter((p) => p.friendly_name === "Typo Ltd").map((p) => p.sid)).toEqual([made]);
    await stack.destroy();
    expect(sandbox.twilio.emulator.profiles.has(made)).toBe(false);
  });

  it("destroy of an adopted draft profile submitted for review, with restoreOnDelete, finishes and leaves it in review", async () => {
    const draft = sandbox.twilio.emulator.seed({ friendly_name: "Draft Ltd" });
    sandbox.twilio.emulator.bundle.seedCompliantBundle(draft.sid);
    declare = () => new twilio.CustomerProfile("submitted", { sid: draft.sid, FriendlyName: "Submitted Ltd", Status: "pending-review", restoreOnDelete: true });
    const stack = await stackNamed("restore-in-review");
    await stack.up();
    expect(sandbox.twilio.emulator.profiles.get(draft.sid)?.status).toBe("in-review");
    sandbox.clearLogs();
    await stack.destroy();
    expect(sandbox.twilio.server.log({ method: "POST" })).toEqual([]);
    expect(sandbox.twilio.emulator.profiles.get(draft.sid)?.status).toBe("in-review");
  });

  it("pinning the 2sms account adopted implicitly, in upper case, is no change", async () => {
    const account = sandbox.twosms.emulator.account;
    let pinned = false;
    declare = () => new twosms.Account("pin", { ...(pinned ? { accountId: account.ID.toUpperCase() } : {}), Name: "Pinned Ltd", SMSPassword: "Sms-Passw0rd", restoreOnDelete: true });
    const stack = await stackNamed("twosms-pin");
    await stack.up();
    pinned = true;
    sandbox.clearLogs();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2 });
    expect(sandbox.twosms.server.log({ method: "PUT" })).toEqual([]);
  });

  it("two resources naming one profile: the second's constructor throws, the first is refused by check, and nothing is written", async () => {
    const existing = sandbox.twilio.emulator.seed({ friendly_name: "Twice Ltd" });
    let thrown: Error | undefined;
    declare = () => {
      new twilio.CustomerProfile("one", { sid: existing.sid, FriendlyName: "One" });
      // Caught here: an inline program that throws leaves unhandled rejections in the test's own
      // process. A project's program would simply fail with this error.
      try {
        new twilio.CustomerProfile("two", { sid: existing.sid, FriendlyName: "Two" });
      } catch (err) {
        thrown = err as Error;
      }
    };
    const stack = await stackNamed("two-names");
    sandbox.clearLogs();
    await expect(stack.up()).rejects.toThrow(/"one" and "two" both name/);
    expect(thrown?.message).toMatch(/^pulumi-profiles: "one" and "two" both name twilio CustomerProfile BU/);
    expect(sandbox.twilio.server.log({ method: "POST" })).toEqual([]);
    expect(sandbox.twilio.server.log()).toEqual([]);
    expect(sandbox.twilio.emulator.profiles.get(existing.sid)?.friendly_name).toBe("Twice Ltd");
  });
});
