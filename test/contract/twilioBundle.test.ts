import { sampleAttributes } from "../../sandbox/twilioBundle";
import { SANDBOX_POLICY_SID } from "../../sandbox";
import { sandboxPerTest } from "../support/fixtures";
import { officialTwilioClient } from "../support/twilioClient";

/**
 * Twilio's own Node client (twilio 6.3.1), unchanged, against the emulator's TrustHub bundle
 * objects and the 2010 API's Addresses. Only the transport is pointed elsewhere: both hosts the
 * client talks to (trusthub.twilio.com and api.twilio.com) are the one emulator.
 */
jest.setTimeout(60_000);

const sandbox = sandboxPerTest();
const emulator = () => sandbox.twilio.emulator;
const server = () => sandbox.twilio.server;
const client = (sid = emulator().accountSid, token = emulator().authToken) => officialTwilioClient(server().url, sid, token);
const trusthub = () => client().trusthub.v1;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const sentForm = (method: string, path: string) => Object.fromEntries(new URLSearchParams(server().log({ method, path }).at(-1)!.body));

// The A2P ISV guide's example values, as the emulator seeds them.
const businessInformation = sampleAttributes("customer_profile_business_information");
const representative = sampleAttributes("authorized_representative_1");

describe("the official twilio client against the emulator's TrustHub bundle", () => {
  it("creates, fetches, updates, lists page by page and deletes End-Users", async () => {
    const created = await trusthub().endUsers.create({ friendlyName: "Acme business information", type: "customer_profile_business_information", attributes: businessInformation });
    expect(created.sid).toMatch(/^IT[0-9a-f]{32}$/);
    expect(created).toMatchObject({ accountSid: emulator().accountSid, friendlyName: "Acme business information", type: "customer_profile_business_information", attributes: businessInformation, url: `https://trusthub.twilio.com/v1/EndUsers/${created.sid}` });
    expect(created.dateCreated).toBeInstanceOf(Date);
    // The client sends Attributes as JSON text in the form.
    expect(JSON.parse(sentForm("POST", "/v1/EndUsers").Attributes!)).toEqual(businessInformation);

    expect((await trusthub().endUsers(created.sid).fetch()).toJSON()).toEqual(created.toJSON());
    const updated = await trusthub().endUsers(created.sid).update({ friendlyName: "Acme, Inc.", attributes: { ...businessInformation, business_name: "Acme Holdings" } });
    expect(updated).toMatchObject({ friendlyName: "Acme, Inc.", attributes: { business_name: "Acme Holdings" } });

    emulator().bundle.seedEndUser({ type: "authorized_representative_1" });
    emulator().bundle.seedEndUser({}, { account: "other" });
    const listed = await trusthub().endUsers.list({ pageSize: 1 });
    expect(listed.map((u) => u.type).sort()).toEqual(["authorized_representative_1", "customer_profile_business_information"]);
    expect(server().log({ method: "GET", path: "/v1/EndUsers" })).toHaveLength(2);

    expect(await trusthub().endUsers(created.sid).remove()).toBe(true);
    expect(emulator().bundle.endUsers.has(created.sid)).toBe(false);
  });

  it("creates, fetches, updates, lists and deletes Addresses on the 2010 API", async () => {
    const created = await client().addresses.create({ customerName: "Acme, Inc.", street: "1234 Market St", city: "San Francisco", region: "CA", postalCode: "12345", isoCountry: "US", friendlyName: "Acme HQ", emergencyEnabled: false });
    expect(created.sid).toMatch(/^AD[0-9a-f]{32}$/);
    expect(created).toMatchObject({ accountSid: emulator().accountSid, customerName: "Acme, Inc.", isoCountry: "US", streetSecondary: null, validated: false, verified: false, uri: `/2010-04-01/Accounts/${emulator().accountSid}/Addresses/${created.sid}.json` });
    // RFC 2822 dates, as the 2010 API writes them and the client parses them.
    expect(created.dateCreated.getTime()).not.toBeNaN();
    expect(server().log({ method: "POST" })[0]!.path).toBe(`/2010-04-01/Accounts/${emulator().accountSid}/Addresses.json`);

    const updated = await client().addresses(created.sid).update({ street: "2 Hasselhoff Lane", streetSecondary: "Suite 300" });
    expect(updated).toMatchObject({ street: "2 Hasselhoff Lane", streetSecondary: "Suite 300", city: "San Francisco" });
    expect((await client().addresses(created.sid).fetch()).toJSON()).toEqual(updated.toJSON());

    emulator().bundle.seedAddress({ customer_name: "Acme Sales" });
    emulator().bundle.seedAddress({}, { account: "other" });
    const listed = await client().addresses.list({ pageSize: 1 });
    expect(listed.map((a) => a.customerName).sort()).toEqual(["Acme Sales", "Acme, Inc."]);
    // Two pages: the client followed next_page_uri, made absolute on api.twilio.com.
    expect(server().log({ method: "GET", path: `/2010-04-01/Accounts/${emulator().accountSid}/Addresses.json` })).toHaveLength(2);
    expect((await client().addresses.list({ customerName: "Acme Sales" })).map((a) => a.customerName)).toEqual(["Acme Sales"]);

    expect(await client().addresses(created.sid).remove()).toBe(true);
    expect(emulator().bundle.addresses.has(created.sid)).toBe(false);
  });

  it("creates, fetches, updates, lists and deletes Supporting Documents; an address document must name this account's Address", async () => {
    const address = await client().addresses.create({ customerName: "Acme, Inc.", street: "1234 Market St", city: "San Francisco", region: "CA", postalCode: "12345", isoCountry: "US" });
    const created = await trusthub().supportingDocuments.create({ friendlyName: "acme", type: "customer_profile_address", attributes: { address_sids: address.sid } });
    expect(created.sid).toMatch(/^RD[0-9a-f]{32}$/);
    expect(created).toMatchObject({ status: "DRAFT", mimeType: null, type: "customer_profile_address", attributes: { address_sids: address.sid } });
    expect((await trusthub().supportingDocuments(created.sid).fetch()).toJSON()).toEqual(created.toJSON());
    expect(await trusthub().supportingDocuments(created.sid).update({ friendlyName: "Acme HQ address" })).toMatchObject({ friendlyName: "Acme HQ address" });
    expect((await trusthub().supportingDocuments.list()).map((d) => d.sid)).toEqual([created.sid]);

    const foreign = emulator().bundle.seedAddress({}, { account: "other" });
    for (const sid of [foreign.sid, "AD" + "0".repeat(32)]) {
      const refused = await failure(trusthub().supportingDocuments.create({ friendlyName: "x", type: "customer_profile_address", attributes: { address_sids: sid } }));
      expect(refused).toMatchObject({ status: 400, code: 20001, message: `Invalid Attributes: address_sids ${sid} is not an Address of this account` });
    }
    expect(await trusthub().supportingDocuments(created.sid).remove()).toBe(true);
    expect(emulator().bundle.supportingDocuments.size).toBe(0);
  });

  it("assigns, fetches, lists, filters and unassigns; refuses a second assignment, a foreign object and edits of a submitted profile", async () => {
    const profile = emulator().seed();
    const endUser = emulator().bundle.seedEndUser();
    const document = emulator().bundle.seedSupportingDocument();
    const assignments = () => trusthub().customerProfiles(profile.sid).customerProfilesEntityAssignments;
    const created = await assignments().create({ objectSid: endUser.sid });
    expect(created.sid).toMatch(/^BV[0-9a-f]{32}$/);
    expect(created).toMatchObject({ customerProfileSid: profile.sid, accountSid: emulator().accountSid, objectSid: endUser.sid, url: `https://trusthub.twilio.com/v1/CustomerProfiles/${profile.sid}/EntityAssignments/${created.sid}` });
    await assignments().create({ objectSid: document.sid });
    expect((await assignments()(created.sid).fetch()).toJSON()).toEqual(created.toJSON());
    expect((await assignments().list()).map((a) => a.objectSid).sort()).toEqual([endUser.sid, document.sid].sort());
    expect((await assignments().list({ objectType: "customer_profile_address" })).map((a) => a.objectSid)).toEqual([document.sid]);

    expect(await failure(assignments().create({ objectSid: endUser.sid }))).toMatchObject({ status: 400, code: 20001, message: expect.stringMatching(/already assigned/) });
    const foreign = emulator().bundle.seedEndUser({}, { account: "other" });
    expect(await failure(assignments().create({ objectSid: foreign.sid }))).toMatchObject({ status: 400, code: 20001 });
    expect(await failure(assignments().create({ objectSid: profile.sid }))).toMatchObject({ status: 400, code: 20001 });

    expect(await assignments()(created.sid).remove()).toBe(true);
    profile.status = "in-review";
    const frozen = await failure(assignments().create({ objectSid: endUser.sid }));
    expect(frozen).toMatchObject({ status: 400, code: 20001, message: `Customer-Profile ${profile.sid} cannot be edited while its status is in-review` });
    expect(emulator().bundle.assignments.size).toBe(1);
  });

  it("fetches the Secondary Customer Profile policy with its requirements, alone in the list", async () => {
    const policy = await trusthub().policies(SANDBOX_POLICY_SID).fetch();
    expect(policy).toMatchObject({ sid: SANDBOX_POLICY_SID, friendlyName: "Secondary Customer Profile of type Business" });
    const requirements = policy.requirements as { end_user: Array<{ requirement_name: string; fields: string[] }>; supporting_document: Array<Array<{ requirement_name: string }>>; supporting_customer_profiles: Array<{ requirement_name: string }> };
    expect(requirements.end_user.map((r) => r.requirement_name)).toEqual(["customer_profile_business_information", "authorized_representative_1", "authorized_representative_2"]);
    expect(requirements.end_user[1]!.fields).toEqual(["first_name", "last_name", "email", "phone_number", "business_title", "job_position"]);
    expect(requirements.supporting_document[0]![0]!.requirement_name).toBe("customer_profile_address");
    expect(requirements.supporting_customer_profiles[0]!.requirement_name).toBe("primary_customer_profile");
    expect((await trusthub().policies.list()).map((p) => p.sid)).toEqual([SANDBOX_POLICY_SID]);
    expect(await failure(trusthub().policies("RN" + "0".repeat(32)).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it("evaluates a bundle built through the API: noncompliant naming each failing requirement, then compliant", async () => {
    const profile = await trusthub().customerProfiles.create({ friendlyName: "Acme secondary", email: "isv@example.com", policySid: SANDBOX_POLICY_SID });
    const evaluations = () => trusthub().customerProfiles(profile.sid).customerProfilesEvaluations;
    const assign = (objectSid: string) => trusthub().customerProfiles(profile.sid).customerProfilesEntityAssignments.create({ objectSid });

    const empty = await evaluations().create({ policySid: SANDBOX_POLICY_SID });
    expect(empty.sid).toMatch(/^EL[0-9a-f]{32}$/);
    expect(empty).toMatchObject({ status: "noncompliant", policySid: SANDBOX_POLICY_SID, customerProfileSid: profile.sid, accountSid: emulator().accountSid });
    const results = empty.results as Array<{ requirement_name: string; passed: boolean; error_code: number; invalid: Array<{ object_field: string; error_code: number }> }>;
    // The optional second representative is not reported while absent.
    expect(results.map((r) => [r.requirement_name, r.passed, r.error_code])).toEqual([
      ["customer_profile_business_information", false, 22214],
      ["authorized_representative_1", false, 22214],
      ["customer_profile_address", false, 22216],
      ["primary_customer_profile", false, 22214],
    ]);
    expect(results[0]!.invalid.map((f) => f.object_field)).not.toContain("social_media_profile_urls");
    expect(results[0]!.invalid.every((f) => f.error_code === 22215)).toBe(true);

    const business = await trusthub().endUsers.create({ friendlyName: "Business", type: "customer_profile_business_information", attributes: { ...businessInformation, business_name: "" } });
    const rep = await trusthub().endUsers.create({ friendlyName: "Rep 1", type: "authorized_representative_1", attributes: representative });
    const address = await client().addresses.create({ customerName: "Acme, Inc.", street: "1234 Market St", city: "San Francisco", region: "CA", postalCode: "12345", isoCountry: "US" });
    const document = await trusthub().supportingDocuments.create({ friendlyName: "acme", type: "customer_profile_address", attributes: { address_sids: address.sid } });
    const primary = emulator().seed({ friendly_name: "ISV primary", status: "twilio-approved" });
    for (const sid of [business.sid, rep.sid, document.sid, primary.sid]) await assign(sid);

    const incomplete = await evaluations().create({ policySid: SANDBOX_POLICY_SID });
    expect(incomplete.status).toBe("noncompliant");
    const failed = (incomplete.results as typeof results).filter((r) => !r.passed);
    expect(failed.map((r) => [r.requirement_name, r.error_code, r.invalid.map((f) => f.object_field)])).toEqual([["customer_profile_business_information", 22215, ["business_name"]]]);

    await trusthub().endUsers(business.sid).update({ attributes: businessInformation });
    const compliant = await evaluations().create({ policySid: SANDBOX_POLICY_SID });
    expect(compliant.status).toBe("compliant");
    expect((compliant.results as typeof results).every((r) => r.passed)).toBe(true);

    expect((await evaluations()(compliant.sid).fetch()).toJSON()).toEqual(compliant.toJSON());
    expect((await evaluations().list()).map((e) => e.status)).toEqual(["noncompliant", "noncompliant", "compliant"]);

    // The address behind the document goes away: the address requirement fails again.
    await client().addresses(address.sid).remove();
    const orphaned = await evaluations().create({ policySid: SANDBOX_POLICY_SID });
    expect((orphaned.results as typeof results).filter((r) => !r.passed).map((r) => [r.requirement_name, r.error_code])).toEqual([["customer_profile_address", 22219]]);
  });

  it("refuses to submit a noncompliant profile for review, and takes a compliant one", async () => {
    emulator().refuseNoncompliantSubmit = true;
    const profile = await trusthub().customerProfiles.create({ friendlyName: "Acme secondary", email: "isv@example.com", policySid: SANDBOX_POLICY_SID });
    const refused = await failure(trusthub().customerProfiles(profile.sid).update({ status: "pending-review" }));
    expect(refused).toMatchObject({
      status: 400,
      code: 22214,
      message: `Customer-Profile ${profile.sid} is noncompliant with Policy ${SANDBOX_POLICY_SID}; failing requirements: customer_profile_business_information, authorized_representative_1, customer_profile_address, primary_customer_profile. Create an Evaluation for the details.`,
      moreInfo: "https://www.twilio.com/docs/errors/22214",
    });
    expect(emulator().profiles.get(profile.sid)!.status).toBe("draft");

    emulator().bundle.seedCompliantBundle(profile.sid);
    const submitted = await trusthub().customerProfiles(profile.sid).update({ status: "pending-review" });
    expect(submitted.status).toBe("in-review");
  });

  it("gives the test helpers: seeds in either account, Console edits that no request shows, a deleted profile's assignments gone", async () => {
    const profile = emulator().seed();
    const seeded = emulator().bundle.seedCompliantBundle(profile.sid);
    const evaluation = await trusthub().customerProfiles(profile.sid).customerProfilesEvaluations.create({ policySid: SANDBOX_POLICY_SID });
    expect(evaluation.status).toBe("compliant");

    server().clearLog();
    emulator().bundle.editInConsole(seeded.representative.sid, { attributes: { ...representative, email: "" } });
    expect(server().requests).toHaveLength(0);
    expect((await trusthub().endUsers(seeded.representative.sid).fetch()).attributes).toMatchObject({ email: "" });
    const drifted = await trusthub().customerProfiles(profile.sid).customerProfilesEvaluations.create({ policySid: SANDBOX_POLICY_SID });
    expect((drifted.results as Array<{ requirement_name: string; passed: boolean }>).filter((r) => !r.passed).map((r) => r.requirement_name)).toEqual(["authorized_representative_1"]);

    const elsewhere = emulator().seed({}, { account: "other" });
    const theirs = emulator().bundle.seedCompliantBundle(elsewhere.sid);
    expect(theirs.businessInformation.account_sid).toBe(emulator().otherAccountSid);
    expect(await failure(trusthub().endUsers(theirs.businessInformation.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await client(emulator().otherAccountSid, emulator().otherAuthToken).trusthub.v1.customerProfiles(elsewhere.sid).customerProfilesEvaluations.create({ policySid: SANDBOX_POLICY_SID })).toMatchObject({ status: "compliant" });

    await trusthub().customerProfiles(profile.sid).remove();
    expect([...emulator().bundle.assignments.values()].some((a) => a.customer_profile_sid === profile.sid)).toBe(false);
    expect([...emulator().bundle.evaluations.values()].some((e) => e.customer_profile_sid === profile.sid)).toBe(false);
  });
});

describe("the bundle routes' error envelopes over raw HTTP", () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const call = async (method: string, path: string, form?: Record<string, string>, auth = basic(emulator().accountSid, emulator().authToken)) => {
    const response = await fetch(`${server().url}${path}`, {
      method,
      headers: { authorization: auth, ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const envelope = (status: number, code: number, message: string) => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

  it("answers another account's objects as missing (20404)", async () => {
    const profile = emulator().seed({}, { account: "other" });
    const endUser = emulator().bundle.seedEndUser({}, { account: "other" });
    const document = emulator().bundle.seedSupportingDocument({}, { account: "other" });
    const address = emulator().bundle.seedAddress({}, { account: "other" });
    for (const path of [`/v1/EndUsers/${endUser.sid}`, `/v1/SupportingDocuments/${document.sid}`, `/v1/CustomerProfiles/${profile.sid}/EntityAssignments`, `/v1/CustomerProfiles/${profile.sid}/Evaluations`, `/2010-04-01/Accounts/${emulator().accountSid}/Addresses/${address.sid}.json`]) {
      expect(await call("GET", path)).toEqual(envelope(404, 20404, `The requested resource ${path} was not found`));
    }
  });

  it("answers a 2010 path under another account 20003, and bad credentials 20003 everywhere", async () => {
    expect(await call("GET", `/2010-04-01/Accounts/${emulator().otherAccountSid}/Addresses.json`)).toEqual(envelope(401, 20003, "Authenticate"));
    const wrong = basic(emulator().accountSid, "not-the-token");
    for (const path of ["/v1/EndUsers", "/v1/SupportingDocuments", "/v1/Policies", `/2010-04-01/Accounts/${emulator().accountSid}/Addresses.json`]) {
      expect(await call("GET", path, undefined, wrong)).toEqual(envelope(401, 20003, "Authenticate"));
    }
  });

  it("names a missing required parameter", async () => {
    const profile = emulator().seed();
    const missing = (name: string) => envelope(400, 20001, `Missing required parameter ${name} in the post body`);
    expect(await call("POST", "/v1/EndUsers", { FriendlyName: "x" })).toEqual(missing("Type"));
    expect(await call("POST", "/v1/SupportingDocuments", { Type: "customer_profile_address" })).toEqual(missing("FriendlyName"));
    expect(await call("POST", `/2010-04-01/Accounts/${emulator().accountSid}/Addresses.json`, { CustomerName: "Acme", Street: "1 Main St", City: "Springfield", Region: "IL", PostalCode: "62701" })).toEqual(missing("IsoCountry"));
    expect(await call("POST", `/v1/CustomerProfiles/${profile.sid}/EntityAssignments`, {})).toEqual(missing("ObjectSid"));
    expect(await call("POST", `/v1/CustomerProfiles/${profile.sid}/Evaluations`, {})).toEqual(missing("PolicySid"));
    expect(await call("POST", "/v1/EndUsers", { FriendlyName: "x", Type: "customer_profile_business_information", Attributes: "[1,2]" })).toEqual(envelope(400, 20001, "Invalid Attributes: expected a JSON object"));
    expect(emulator().bundle.endUsers.size).toBe(0);
  });
});
