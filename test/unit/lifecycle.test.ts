import { UNKNOWN } from "../../provider/engine/fields";
import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { restorePatch } from "../../provider/engine/patch";
import { loadAdapter } from "../../provider/engine/registry";

/** Engine decisions that need no API: what preview shows, and when Pulumi must replace. */
const wavix = () => new ProfileLifecycle(loadAdapter("wavix"));
const twosms = () => new ProfileLifecycle(loadAdapter("twosms"));
const twilio = () => new ProfileLifecycle(loadAdapter("twilio"));
const POLICY_A = "RN" + "a".repeat(32);
const POLICY_B = "RN" + "b".repeat(32);
const SID = "BU" + "c".repeat(32);
const state = { first_name: "Ada", time_zone: "UTC", originals: {} };

describe("lifecycle decisions", () => {
  it("does not judge a value that is unknown during preview, and expects a change", async () => {
    const lifecycle = wavix();
    expect((await lifecycle.check({}, { time_zone: UNKNOWN, first_name: "Ada" })).failures).toEqual([]);
    expect(await lifecycle.diff("profile", state, { first_name: "Ada", time_zone: UNKNOWN })).toEqual({ changes: true });
  });

  it("still judges the known values next to an unknown one", async () => {
    expect((await wavix().check({}, { time_zone: UNKNOWN, phone: "call me" })).failures.map((f) => f.property)).toEqual(["phone"]);
  });

  it("refuses a secret too short to mask, unless the stack already applied that very value (an upgrade from 0.1.0)", async () => {
    const short = { SMSPassword: "abc12" };
    expect((await twosms().check({}, short)).failures.map((f) => f.property)).toEqual(["SMSPassword"]);
    expect((await twosms().check({ SMSPassword: "abc99" }, short)).failures.map((f) => f.property)).toEqual(["SMSPassword"]);
    expect((await twosms().check(short, short)).failures).toEqual([]);
  });

  it("ignores Pulumi's own __provider input", async () => {
    expect((await wavix().check({}, { __provider: "exports.handler = …", first_name: "Ada" })).failures).toEqual([]);
  });

  it("reports no change when only the case or blanks the API normalises away differ", async () => {
    expect(await wavix().diff("profile", { ...state, company_info: { country_code: "DE" } }, { first_name: " Ada ", time_zone: "UTC", company_info: { country_code: "de" } })).toEqual({ changes: false });
  });

  it("never replaces a singleton profile for a field change", async () => {
    expect(await wavix().diff("profile", state, { first_name: "Grace", time_zone: "UTC" })).toEqual({ changes: true });
  });

  it("turning restoreOnDelete on is a change (state only, no write)", async () => {
    expect(await wavix().diff("profile", state, { first_name: "Ada", time_zone: "UTC", restoreOnDelete: true })).toEqual({ changes: true });
  });

  it("pointing at another 2sms account adopts the new one before anything happens to the old one (create before delete)", async () => {
    const old = { accountId: "6da13132-2c39-4a07-ac1d-0b6d6858b912", SMSPassword: "x", originals: {} };
    expect(await twosms().diff(old.accountId, old, { ...old, accountId: "f3cf5cc6-a44f-43da-81ec-04c8d2f91294" })).toEqual({ changes: true, replaces: ["accountId"] });
  });

  it("pinning the 2sms account already held, in any letter case, is no change at all", async () => {
    const held = "6da13132-2c39-4a07-ac1d-0b6d6858b912";
    const implicit = { SMSPassword: "x", originals: {} };
    expect(await twosms().diff(held, implicit, { SMSPassword: "x", accountId: held.toUpperCase() })).toEqual({ changes: false });
    expect(await twosms().diff(held, { ...implicit, accountId: held }, { SMSPassword: "x", accountId: held.toUpperCase() })).toEqual({ changes: false });
  });

  it("pinning a created Twilio profile by its own sid is no change; naming another sid moves it", async () => {
    const created = { FriendlyName: "A", PolicySid: POLICY_A, sid: SID, created: true, originals: {} };
    expect(await twilio().diff(SID, created, { FriendlyName: "A", PolicySid: POLICY_A, sid: SID })).toEqual({ changes: false });
    expect(await twilio().diff(SID, created, { FriendlyName: "A", PolicySid: POLICY_A, sid: "BU" + "d".repeat(32) })).toEqual({ changes: true, replaces: ["sid"] });
  });

  it("removing an explicit 2sms accountId is a replace too, never silently ignored", async () => {
    const old = { accountId: "6da13132-2c39-4a07-ac1d-0b6d6858b912", SMSPassword: "x", originals: {} };
    expect(await twosms().diff(old.accountId, old, { SMSPassword: "x" })).toEqual({ changes: true, replaces: ["accountId"] });
  });

  it("an unknown locator previews as the replace it may become, not as an update", async () => {
    const old = { accountId: "6da13132-2c39-4a07-ac1d-0b6d6858b912", SMSPassword: "x", Name: "A", originals: {} };
    expect(await twosms().diff(old.accountId, old, { ...old, accountId: UNKNOWN, Name: UNKNOWN })).toEqual({ changes: true, replaces: ["accountId"] });
  });

  it("a created Twilio profile is replaced when PolicySid changes or is unknown at preview", async () => {
    const created = { FriendlyName: "A", PolicySid: POLICY_A, sid: SID, created: true, originals: {} };
    const news = { FriendlyName: UNKNOWN, PolicySid: POLICY_B };
    expect(await twilio().diff(SID, created, news)).toEqual({ changes: true, replaces: ["PolicySid"] });
    expect(await twilio().diff(SID, created, { ...news, PolicySid: UNKNOWN })).toEqual({ changes: true, replaces: ["PolicySid"] });
    // Its sid is an output, not something the program said: no locator change.
    expect(await twilio().diff(SID, created, { FriendlyName: "A", PolicySid: POLICY_A })).toEqual({ changes: false });
  });

  it("refuses to change PolicySid of an adopted Twilio profile, also when state holds it only among the originals", async () => {
    const adopted = { sid: SID, FriendlyName: "A", originals: { FriendlyName: "A", PolicySid: POLICY_A } };
    const error = (await twilio().diff(SID, adopted, { sid: SID, FriendlyName: "A", PolicySid: POLICY_B }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      `Twilio fixes PolicySid when a CustomerProfile is created: the adopted ${SID} has ${POLICY_A} and cannot take ${POLICY_B}. ` +
        `Set PolicySid back to ${POLICY_A}, or remove the id that adopts it so that up creates a new one with ${POLICY_B} (the adopted one is then forgotten, or deleted if deleteOnDestroy is set).`,
    );
    expect(await twilio().diff(SID, adopted, { sid: SID, FriendlyName: "A", PolicySid: POLICY_A })).toEqual({ changes: false });
    // Unknown at preview: an update; the up that knows the value decides.
    expect(await twilio().diff(SID, adopted, { sid: SID, FriendlyName: "A", PolicySid: UNKNOWN })).toEqual({ changes: true });
  });

  it("removing sid from an adopted Twilio profile replaces it with a created one", async () => {
    const adopted = { sid: SID, FriendlyName: "A", originals: { PolicySid: POLICY_A } };
    expect(await twilio().diff(SID, adopted, { FriendlyName: "A", Email: "a@b.co", PolicySid: POLICY_A })).toEqual({ changes: true, replaces: ["sid"] });
  });
});

describe("restoring originals", () => {
  it("writes back only originals that had a value: an empty one is left as the stack set it", () => {
    const originals = { first_name: "Ada", job_title: null, time_zone: "" };
    const current = { first_name: "Grace", job_title: "Lead", time_zone: "UTC" };
    expect(restorePatch(loadAdapter("wavix").fieldRules, originals, current)).toEqual({ first_name: "Ada" });
  });

  it("never writes back a one-way field: Twilio refuses a Status that goes back to draft", () => {
    expect(restorePatch(loadAdapter("twilio").fieldRules, { Status: "draft", FriendlyName: "A" }, { Status: "pending-review", FriendlyName: "B" })).toEqual({ FriendlyName: "A" });
  });
});
