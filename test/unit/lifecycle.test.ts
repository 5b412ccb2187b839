import { UNKNOWN } from "../../provider/engine/fields";
import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter } from "../../provider/engine/registry";

/** Engine decisions that need no API: what preview shows, and when Pulumi must replace. */
const wavix = () => new ProfileLifecycle(loadAdapter("wavix"));
const twosms = () => new ProfileLifecycle(loadAdapter("twosms"));
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

  it("pointing at another 2sms account forgets the old one first, then adopts the new one", async () => {
    const old = { accountId: "6da13132-2c39-4a07-ac1d-0b6d6858b912", SMSPassword: "x", originals: {} };
    expect(await twosms().diff(old.accountId, old, { ...old, accountId: "f3cf5cc6-a44f-43da-81ec-04c8d2f91294" })).toEqual({ changes: true, replaces: ["accountId"], deleteBeforeReplace: true });
  });
});
