import type { ProfileAdapter, ProfileApi, ReadResult } from "../../provider/engine/adapter";
import type { FlatProfile } from "../../provider/engine/fields";
import { UNKNOWN } from "../../provider/engine/fields";
import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter } from "../../provider/engine/registry";
import { WITHDRAWN_OWNER } from "../../provider/shim";

/**
 * The ownership rules of the lifecycle, one provider process (one deployment) at a time, against
 * an API that records every call. Pulumi's order within a deployment is: the program's checks,
 * diffs, creates and updates, then the deletes (PULUMI-NOTES.md B2a); the real engine is in
 * test/e2e/identityMatrix.test.ts.
 */
type Call = [string, ...unknown[]];

class RecordingApi implements ProfileApi {
  readonly calls: Call[] = [];
  /** Live objects by id: fields, account, and Twilio-like status. */
  readonly live = new Map<string, { fields: FlatProfile; account: string; status?: string }>();
  acting: string | undefined = "AC1";

  async read(id: string): Promise<ReadResult | undefined> {
    this.calls.push(["read", id]);
    const found = this.live.get(id);
    return found && { fields: { ...found.fields }, account: found.account, outputs: { status: found.status ?? "draft" } };
  }
  async write(id: string, patch: FlatProfile): Promise<undefined> {
    this.calls.push(["write", id, patch]);
    Object.assign(this.live.get(id)!.fields, patch);
    return undefined;
  }
  async locate(locator: Record<string, unknown>): Promise<string> {
    return String(locator.sid);
  }
  async create(desired: FlatProfile): Promise<{ id: string; result: ReadResult }> {
    const id = `BU${this.live.size}`;
    this.calls.push(["create", id]);
    this.live.set(id, { fields: { ...desired }, account: "AC1" });
    return { id, result: { fields: { ...desired }, account: "AC1" } };
  }
  async remove(id: string): Promise<boolean> {
    this.calls.push(["remove", id]);
    return this.live.delete(id);
  }
  async actingAccount(): Promise<string | undefined> {
    this.calls.push(["actingAccount"]);
    return this.acting;
  }
  writes(): Call[] {
    return this.calls.filter(([verb]) => verb === "write" || verb === "remove" || verb === "create");
  }
}

/** The Twilio adapter's rules and schemas, talking to the recording API. */
function twilioLike(api: RecordingApi): ProfileLifecycle {
  const adapter: ProfileAdapter = { ...loadAdapter("twilio"), connect: () => api };
  const lifecycle = new ProfileLifecycle(adapter);
  lifecycle.configure({ get: () => undefined }, {});
  return lifecycle;
}
/** A new provider process: what the next `pulumi` command gets. */
const nextDeployment = (lifecycle: ProfileLifecycle) => lifecycle.configure({ get: () => undefined }, {});

const POLICY = "RN" + "a".repeat(32);
const A = "BU" + "a".repeat(32);
const B = "BU" + "b".repeat(32);
const adoptedState = (sid: string, extra: Record<string, unknown> = {}) => ({ sid, FriendlyName: "Set by stack", originals: { FriendlyName: "Before", Status: "draft" }, ownerAccount: "AC1", ...extra });

describe("a delete acts only for the resource that owns the object at that moment", () => {
  it("a rename: the new name adopts the sid, so the old name's delete (deleteOnDestroy) deletes nothing", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    const news = { sid: A, FriendlyName: "Set by stack", deleteOnDestroy: true, __owner: "renamed" };
    expect((await lifecycle.check({}, news)).failures).toEqual([]);
    await lifecycle.create(news);
    await lifecycle.delete(A, adoptedState(A, { deleteOnDestroy: true }));
    expect(api.writes()).toEqual([]);
    expect(api.live.has(A)).toBe(true);
  });

  it("`--replace` of an adopted profile: released, and re-adopted as it is now", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    const news = { sid: A, FriendlyName: "Set by stack", restoreOnDelete: true, __owner: "p" };
    expect(await lifecycle.diff(A, adoptedState(A, { restoreOnDelete: true }), news)).toEqual({ changes: false });
    const { outs } = await lifecycle.create(news);
    await lifecycle.delete(A, adoptedState(A, { restoreOnDelete: true }));
    expect(api.writes()).toEqual([]);
    expect(outs.originals).toMatchObject({ FriendlyName: "Set by stack" });
  });

  it("`--replace` of a created profile: a new one is made and the old one, still the resource's own, is deleted", async () => {
    const api = new RecordingApi();
    const lifecycle = twilioLike(api);
    const first = await lifecycle.create({ FriendlyName: "Made", Email: "m@acme.example", PolicySid: POLICY, __owner: "p" });
    nextDeployment(lifecycle);
    const news = { FriendlyName: "Made", Email: "m@acme.example", PolicySid: POLICY, __owner: "p" };
    expect(await lifecycle.diff(first.id, first.outs, news)).toEqual({ changes: false });
    const second = await lifecycle.create(news);
    await lifecycle.delete(first.id, first.outs);
    expect([...api.live.keys()]).toEqual([second.id]);
  });

  it("a re-pointed sid: the new one is adopted first, and the old one's fate is the new program's (deleteOnDestroy turned off: kept)", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    api.live.set(B, { fields: { FriendlyName: "Other" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    const news = { sid: B, FriendlyName: "Other", __owner: "p" };
    expect(await lifecycle.diff(A, adoptedState(A, { deleteOnDestroy: true }), news)).toEqual({ changes: true, replaces: ["sid"] });
    await lifecycle.create(news);
    await lifecycle.delete(A, adoptedState(A, { deleteOnDestroy: true }));
    expect(api.live.has(A)).toBe(true);
    expect(api.writes()).toEqual([]);
  });

  it("a re-pointed sid with restoreOnDelete in the new program: the old one is restored", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    api.live.set(B, { fields: { FriendlyName: "Other" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    const news = { sid: B, FriendlyName: "Other", restoreOnDelete: true, __owner: "p" };
    await lifecycle.diff(A, adoptedState(A), news);
    await lifecycle.create(news);
    await lifecycle.delete(A, adoptedState(A));
    expect(api.writes()).toEqual([["write", A, { FriendlyName: "Before" }]]);
  });

  it("a re-point whose delete runs first (a deleteBeforeReplace option) only lets the old one go: the new one is not adopted yet", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    await lifecycle.diff(A, adoptedState(A), { sid: B, FriendlyName: "Other", deleteOnDestroy: true, __owner: "p" });
    await lifecycle.delete(A, adoptedState(A, { deleteOnDestroy: true }));
    expect(api.live.has(A)).toBe(true);
    expect(api.writes()).toEqual([]);
  });

  it("an unknown locator (a preview, or the engine's speculative diff) decides no fate: the delete follows the state", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    expect(await lifecycle.diff(A, adoptedState(A), { sid: UNKNOWN, FriendlyName: "x", restoreOnDelete: true, __owner: "p" })).toEqual({ changes: true, replaces: ["sid"] });
    await lifecycle.delete(A, adoptedState(A));
    expect(api.writes()).toEqual([]);
  });

  it("a rename whose new name fails to read the profile (run with --continue-on-error): the old name's delete still releases it", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    api.read = async () => {
      throw new Error("HTTP 503");
    };
    const lifecycle = twilioLike(api);
    await expect(lifecycle.create({ sid: A, FriendlyName: "Set by stack", __owner: "renamed" })).rejects.toThrow(/503/);
    await lifecycle.delete(A, adoptedState(A, { deleteOnDestroy: true }));
    expect(api.live.has(A)).toBe(true);
  });

  it("a restore the API would refuse as a whole (a profile in review) is skipped, so destroy finishes", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1", status: "in-review" });
    await twilioLike(api).delete(A, adoptedState(A, { restoreOnDelete: true }));
    expect(api.writes()).toEqual([]);
  });
});

describe("one object, one resource", () => {
  it("two resources naming one sid: the second fails check before anything is sent", async () => {
    const api = new RecordingApi();
    const lifecycle = twilioLike(api);
    expect((await lifecycle.check({}, { sid: A, __owner: "first" })).failures).toEqual([]);
    const { failures } = await lifecycle.check({}, { sid: A, __owner: "second" });
    expect(failures).toEqual([{ property: "sid", reason: expect.stringMatching(/^"first" and "second" both name Twilio CustomerProfile BUa{32}/) }]);
    expect(api.calls).toEqual([]);
  });

  it("a resource the program withdrew (another one named its object first) fails check with the reason", async () => {
    const { failures } = await twilioLike(new RecordingApi()).check({}, { sid: A, __owner: `${WITHDRAWN_OWNER}"a" and "b" both name it` });
    expect(failures).toEqual([{ property: "", reason: '"a" and "b" both name it' }]);
  });

  it("a resource naming its own object again (check, then create) is no conflict", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "x" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    await lifecycle.check({}, { sid: A, FriendlyName: "x", __owner: "p" });
    await expect(lifecycle.create({ sid: A, FriendlyName: "x", __owner: "p" })).resolves.toMatchObject({ id: A });
  });

  it("a resource that keeps an account it adopted implicitly (2sms) and one naming it explicitly: the second fails check", async () => {
    const twosms = new ProfileLifecycle(loadAdapter("twosms"));
    const held = "6da13132-2c39-4a07-ac1d-0b6d6858b912";
    expect(await twosms.diff(held, { SMSPassword: "Sms-Passw0rd", originals: {} }, { SMSPassword: "Sms-Passw0rd", __owner: "implicit" })).toEqual({ changes: false });
    const { failures } = await twosms.check({}, { accountId: held.toUpperCase(), SMSPassword: "Sms-Passw0rd", __owner: "explicit" });
    expect(failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^"implicit" and "explicit" both name 2sms Account 6da13132/)]);
  });

  it("the engine checks the new resource before it diffs the one whose state holds the account: the holder keeps it, the new one's create is refused", async () => {
    const twosms = new ProfileLifecycle(loadAdapter("twosms"));
    // No credentials anywhere, not even the environment's: a create that connected would fail on them instead.
    twosms.configure({ get: () => undefined }, {});
    const held = "6da13132-2c39-4a07-ac1d-0b6d6858b912";
    const { failures } = await twosms.check({}, { accountId: held, SMSPassword: "Sms-Passw0rd", __owner: "explicit" });
    expect(failures).toEqual([]);
    expect(await twosms.diff(held, { SMSPassword: "Sms-Passw0rd", originals: {} }, { SMSPassword: "Sms-Passw0rd", __owner: "implicit" })).toEqual({ changes: false });
    // Refused before the client is even connected (no credentials are configured here).
    await expect(twosms.create({ accountId: held, SMSPassword: "Sms-Passw0rd", __owner: "explicit" })).rejects.toThrow(/"implicit" and "explicit" both name 2sms Account 6da13132/);
  });

  it("a holder its own locator names (a Twilio sid, or a singleton) keeps it over a newcomer checked first; the newcomer's create sends nothing", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "x" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    expect((await lifecycle.check({}, { sid: A, FriendlyName: "x", __owner: "new" })).failures).toEqual([]);
    expect((await lifecycle.check({ sid: A, FriendlyName: "x" }, { sid: A, FriendlyName: "x", __owner: "holder" })).failures).toEqual([]);
    await expect(lifecycle.create({ sid: A, FriendlyName: "x", __owner: "new" })).rejects.toThrow(/"holder" and "new" both name/);
    expect(api.calls).toEqual([]);

    const wavix = new ProfileLifecycle(loadAdapter("wavix"));
    wavix.configure({ get: () => undefined }, {});
    expect((await wavix.check({}, { job_title: "x", __owner: "new" })).failures).toEqual([]);
    expect((await wavix.check({ job_title: "x" }, { job_title: "x", __owner: "holder" })).failures).toEqual([]);
    await expect(wavix.create({ job_title: "x", __owner: "new" })).rejects.toThrow(/"holder" and "new" both name/);
  });

  it("two resources an earlier run left holding one profile: the next up refuses whichever is diffed second", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "x" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    const createdState = { FriendlyName: "x", Email: "m@acme.example", PolicySid: POLICY, sid: A, created: true, ownerAccount: "AC1", originals: {} };
    await lifecycle.diff(A, createdState, { FriendlyName: "x", Email: "m@acme.example", PolicySid: POLICY, __owner: "made" });
    await expect(lifecycle.diff(A, adoptedState(A, { FriendlyName: "x" }), { sid: A, FriendlyName: "x", __owner: "adopted" })).rejects.toThrow(/"made" and "adopted" both name/);
  });

  it("once the new resource has adopted the object, the holder's diff is refused: nothing is taken back", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "x" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    await lifecycle.create({ sid: A, FriendlyName: "x", __owner: "new" });
    await expect(lifecycle.diff(A, adoptedState(A), { sid: A, FriendlyName: "Set by stack", __owner: "kept" })).rejects.toThrow(/"new" and "kept" both name/);
  });

  it("a create that locates an object another resource keeps fails before reading or writing it", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "x" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    await lifecycle.diff(A, adoptedState(A), { sid: A, FriendlyName: "Set by stack", __owner: "kept" });
    await expect(lifecycle.create({ sid: A, FriendlyName: "y", __owner: "new" })).rejects.toThrow(/"kept" and "new" both name/);
    expect(api.calls).toEqual([]);
  });
});

describe('"gone" is believed only for the right account', () => {
  it("refresh drops a profile the API says is not found when the credentials act for its account", async () => {
    const api = new RecordingApi();
    expect(await twilioLike(api).read(A, adoptedState(A))).toEqual({});
  });

  it("refresh and destroy fail, and keep it, when the credentials act for another account or cannot tell", async () => {
    for (const acting of ["AC2", undefined]) {
      const api = new RecordingApi();
      api.acting = acting;
      const lifecycle = twilioLike(api);
      await expect(lifecycle.read(A, adoptedState(A))).rejects.toThrow(/not taken as gone and stays in state/);
      await expect(lifecycle.delete(A, adoptedState(A, { deleteOnDestroy: true }))).rejects.toThrow(/not taken as gone/);
    }
  });

  it("an answer about an object of another account is refused, not read into state or restored over", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Theirs" }, account: "AC2" });
    const lifecycle = twilioLike(api);
    await expect(lifecycle.read(A, adoptedState(A))).rejects.toThrow(/credentials act for Twilio account AC2, but CustomerProfile BUa{32} belongs to account AC1/);
    await expect(lifecycle.delete(A, adoptedState(A, { restoreOnDelete: true }))).rejects.toThrow(/belongs to account AC1/);
    expect(api.writes()).toEqual([]);
  });

  it("a new process forgets what the last one held: destroy after up restores as the state says", async () => {
    const api = new RecordingApi();
    api.live.set(A, { fields: { FriendlyName: "Set by stack" }, account: "AC1" });
    const lifecycle = twilioLike(api);
    await lifecycle.diff(A, adoptedState(A, { restoreOnDelete: true }), { sid: A, FriendlyName: "Set by stack", restoreOnDelete: true, __owner: "p" });
    nextDeployment(lifecycle);
    await lifecycle.delete(A, adoptedState(A, { restoreOnDelete: true }));
    expect(api.writes()).toEqual([["write", A, { FriendlyName: "Before" }]]);
  });
});
