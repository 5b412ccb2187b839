import { SANDBOX_POLICY_SID } from "../../sandbox";
import { ProfileDriver } from "../support/driver";
import { sandboxPerTest } from "../support/fixtures";

/**
 * The provider's bundle resource types (EndUser, SupportingDocument, Address) and a profile's
 * EntityAssignments against the emulator: what each verb sends, and what it must never do.
 */
const sandbox = sandboxPerTest();

const server = () => sandbox.twilio.server;
const bundle = () => sandbox.twilio.emulator.bundle;
const driver = (key: string, env: Record<string, string> = {}) => new ProfileDriver(key, { ...sandbox.env, ...env });
const writes = () => server().requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.replace(/\b(AC|BU|IT|RD|AD|BV)[0-9a-f]{32}\b/g, "$1…")}`);
const form = (i: number) => Object.fromEntries(new URLSearchParams(server().requests.filter((r) => r.method !== "GET")[i]!.body));

const representative = { FriendlyName: "Ada", Type: "authorized_representative_1", Attributes: { first_name: "Ada", last_name: "Lovelace", email: "ada@acme.example", phone_number: "+14155550100", business_title: "CTO", job_position: "Director" } };

describe("Twilio bundle resource types through the provider", () => {
  it("an EndUser is created with one POST, updated with its whole Attributes, and deleted because the stack made it", async () => {
    const d = driver("twilio/EndUser");
    await d.up(representative);
    expect(writes()).toEqual(["POST /v1/EndUsers"]);
    expect(JSON.parse(form(0).Attributes!)).toEqual(representative.Attributes);
    expect(d.id).toMatch(/^IT[0-9a-f]{32}$/);

    sandbox.clearLogs();
    await d.up({ ...representative, Attributes: { ...representative.Attributes, business_title: "CEO" } });
    expect(writes()).toEqual(["POST /v1/EndUsers/IT…"]);
    expect(Object.keys(form(0))).toEqual(["Attributes"]);
    expect(bundle().endUsers.get(d.id!)!.attributes).toMatchObject({ business_title: "CEO", first_name: "Ada" });

    sandbox.clearLogs();
    const sid = d.id!;
    await d.destroy();
    expect(writes()).toEqual(["DELETE /v1/EndUsers/IT…"]);
    expect(bundle().endUsers.has(sid)).toBe(false);
  });

  it("an attribute edit whose answer failed after Twilio applied it is read back, not sent again", async () => {
    const d = driver("twilio/EndUser");
    await d.up(representative);
    sandbox.clearLogs();
    server().inject({ method: "POST", path: `/v1/EndUsers/${d.id}`, status: 502, afterApply: true });
    await d.up({ ...representative, Attributes: { ...representative.Attributes, business_title: "CEO" } });
    expect(writes()).toEqual(["POST /v1/EndUsers/IT…"]);
    expect(d.state).toMatchObject({ Attributes: { business_title: "CEO" } });
  });

  it("an attribute edit keeps the attributes the program does not set, lists and all, as Twilio holds them", async () => {
    const existing = bundle().seedEndUser({ type: "customer_profile_business_information" });
    existing.attributes = { ...existing.attributes, business_regions_of_operation: ["USA_AND_CANADA", "EUROPE"], social_media_profile_urls: "https://social.example/acme" };
    const d = driver("twilio/EndUser");
    await d.up({ sid: existing.sid, Attributes: { business_name: "Acme Renamed" } });
    expect(bundle().endUsers.get(existing.sid)!.attributes).toEqual({ ...existing.attributes, business_name: "Acme Renamed" });
    expect((bundle().endUsers.get(existing.sid)!.attributes as Record<string, unknown>).business_regions_of_operation).toEqual(["USA_AND_CANADA", "EUROPE"]);
    sandbox.clearLogs();
    await d.destroy();
    expect(writes()).toEqual([]);
    expect(bundle().endUsers.has(existing.sid)).toBe(true);
  });

  it("an uncertain create takes no end user that differs in what it sent, even one of the same name and Type", async () => {
    // Our create fails unanswered (not applied); another pipeline's representative of the same
    // name and Type appears in the same moment, after the list taken before the create.
    let theirs: { sid: string } | undefined;
    server().inject({
      method: "POST",
      path: "/v1/EndUsers",
      status: 503,
      when: () => {
        theirs = bundle().seedEndUser({ type: "authorized_representative_1", friendly_name: "Ada", attributes: { ...representative.Attributes, email: "someone-else@acme.example" } });
        return true;
      },
    });
    // One request timeout is how long the lost create's object is looked for.
    const error = (await driver("twilio/EndUser", { PULUMI_PROFILES_TIMEOUT_MS: "500" }).up(representative).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/no end user made by this create was found/);
    expect(bundle().endUsers.get(theirs!.sid)!.attributes).toMatchObject({ email: "someone-else@acme.example" });
    expect([...bundle().endUsers.keys()]).toEqual([theirs!.sid]);
  });

  it("an Address is created in the account's path, without Twilio's auto-correction unless the program asks", async () => {
    const d = driver("twilio/Address");
    await d.up({ CustomerName: "Acme, Inc.", Street: "1234 Market St", City: "San Francisco", Region: "CA", PostalCode: "94103", IsoCountry: "US" });
    expect(writes()).toEqual(["POST /2010-04-01/Accounts/AC…/Addresses.json"]);
    expect(form(0)).toMatchObject({ AutoCorrectAddress: "false", IsoCountry: "US" });
    sandbox.clearLogs();
    await d.up({ CustomerName: "Acme, Inc.", Street: "1234 Market St", City: "San Francisco", Region: "CA", PostalCode: "94103", IsoCountry: "US" });
    expect(writes()).toEqual([]);
    // Another country is another Address: Twilio's update takes no IsoCountry.
    expect(await d.lifecycle.diff(d.id!, d.state!, { ...d.inputs!, IsoCountry: "FR" })).toMatchObject({ changes: true, replaces: ["IsoCountry"] });
  });

  it("a profile's assignments: adds what is missing, removes only what the program dropped, leaves what others assigned since", async () => {
    const profile = driver("twilio");
    await profile.up({ FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: SANDBOX_POLICY_SID });
    const [a, b, c] = [bundle().seedEndUser(), bundle().seedEndUser({ type: "authorized_representative_1" }), bundle().seedSupportingDocument()];
    const base = { FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: SANDBOX_POLICY_SID };
    sandbox.clearLogs();
    await profile.up({ ...base, EntityAssignments: [a.sid, b.sid] });
    expect(writes()).toEqual(["POST /v1/CustomerProfiles/BU…/EntityAssignments", "POST /v1/CustomerProfiles/BU…/EntityAssignments"]);
    // Someone assigns a document in the Console; the program then drops b.
    bundle().seedAssignment(profile.id!, c.sid);
    sandbox.clearLogs();
    await profile.up({ ...base, EntityAssignments: [a.sid] });
    expect(writes()).toEqual(["DELETE /v1/CustomerProfiles/BU…/EntityAssignments/BV…"]);
    const held = () => [...bundle().assignments.values()].filter((x) => x.customer_profile_sid === profile.id).map((x) => x.object_sid).sort();
    expect(held()).toEqual([a.sid, c.sid].sort());
    // State says what the bundle holds, so the next preview shows the Console's assignment going.
    expect(await profile.preview({ ...base, EntityAssignments: [a.sid] })).toBe(true);
    expect(await profile.preview({ ...base, EntityAssignments: [c.sid, a.sid] })).toBe(false);
  });
});
