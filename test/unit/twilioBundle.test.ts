import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter, providerKey, listResourceTypes } from "../../provider/engine/registry";
import { sameValue } from "../../provider/engine";
import { fieldRules } from "../../provider/apis/twilio/fieldMap";
import { unmetRequirements } from "../../provider/apis/twilio/evaluation";
import { typedObjectSpec } from "../../provider/apis/twilio/typedObjects";

/** The Twilio bundle's pure parts: what check refuses, how assignments compare, what a refusal says. */
describe("Twilio bundle resource types", () => {
  it("are further resource types of the twilio folder, keyed so that state of the first type keeps its key", () => {
    expect(listResourceTypes().filter((a) => a.name === "twilio").map(providerKey)).toEqual(["twilio", "twilio/Address", "twilio/EndUser", "twilio/SupportingDocument"]);
    expect(loadAdapter("twilio").resourceName).toBe("CustomerProfile");
    expect(loadAdapter("twilio/EndUser").resourceName).toBe("EndUser");
    expect(() => loadAdapter("twilio/Nope")).toThrow(/no resource type "Nope"/);
  });

  it("check refuses an attribute of another Type, naming the attribute and the Type's own", async () => {
    const endUser = new ProfileLifecycle(loadAdapter("twilio/EndUser"));
    const { failures } = await endUser.check({}, { FriendlyName: "Acme", Type: "customer_profile_business_information", Attributes: { business_name: "Acme", first_name: "Ada" } });
    expect(failures).toEqual([{ property: "Attributes.first_name", reason: expect.stringMatching(/^not an attribute of EndUser type customer_profile_business_information \(its attributes: business_name, /) }]);
  });

  it("check refuses an industry outside Twilio's list and a phone that is not E.164", async () => {
    const endUser = new ProfileLifecycle(loadAdapter("twilio/EndUser"));
    const business = await endUser.check({}, { FriendlyName: "Acme", Type: "customer_profile_business_information", Attributes: { business_industry: "WIDGETS" } });
    expect(business.failures.map((f) => f.property)).toEqual(["Attributes.business_industry"]);
    const representative = await endUser.check({}, { FriendlyName: "Ada", Type: "authorized_representative_1", Attributes: { phone_number: "0207 946 0000" } });
    expect(representative.failures).toEqual([{ property: "Attributes.phone_number", reason: expect.stringContaining("E.164") }]);
  });

  it("check asks for what a create needs, unless a sid adopts an existing object", async () => {
    const address = new ProfileLifecycle(loadAdapter("twilio/Address"));
    expect((await address.check({}, { CustomerName: "Acme" })).failures.map((f) => f.property)).toEqual(["Street", "City", "Region", "PostalCode", "IsoCountry"]);
    expect((await address.check({}, { sid: `AD${"a".repeat(32)}`, City: "Paris" })).failures).toEqual([]);
    const emergency = await address.check({}, { sid: `AD${"a".repeat(32)}`, EmergencyEnabled: true, FriendlyName: "x".repeat(33) });
    expect(emergency.failures).toEqual([{ property: "FriendlyName", reason: expect.stringContaining("at most 32 characters for an emergency address") }]);
  });

  it("a profile's assignments compare as a set: order and repeats are no change", () => {
    const normalize = fieldRules.EntityAssignments!.normalize!;
    expect(sameValue(["ITb", "ITa", "ITa"], ["ITa", "ITb"], normalize)).toBe(true);
    expect(sameValue(["ITa"], ["ITa", "ITb"], normalize)).toBe(false);
    expect(sameValue([], null, normalize)).toBe(true);
  });

  it("an update that changes one attribute sends Attributes whole, the program's over the ones held", () => {
    const spec = typedObjectSpec({ resourceName: "EndUser", noun: "end user", path: "/v1/EndUsers", attributeSchemas: {}, typeSchema: undefined as never, sidPattern: /^IT/, sidPrefix: "IT", source: "" }, {});
    const form = spec.form({ FriendlyName: "Acme", Type: "authorized_representative_1", "Attributes.first_name": "Ada", "Attributes.last_name": null }, "create");
    expect(Object.fromEntries(form)).toEqual({ FriendlyName: "Acme", Type: "authorized_representative_1", Attributes: JSON.stringify({ first_name: "Ada" }) });
    expect(Object.fromEntries(spec.form({ FriendlyName: "Acme", Type: "authorized_representative_1" }, "update"))).toEqual({ FriendlyName: "Acme" });
  });

  it("a noncompliant Evaluation is said in Twilio's words: a missing object once, a missing field with its name", () => {
    const said = unmetRequirements({
      sid: `EL${"0".repeat(32)}`,
      status: "noncompliant",
      results: [
        { requirement_friendly_name: "Business Information", passed: false, failure_reason: "A Business Information is missing.", error_code: 22214, invalid: [{ friendly_name: "Business Name", failure_reason: "The Business Name is missing." }] },
        { requirement_friendly_name: "Authorized Representative #1", passed: false, failure_reason: "A field is missing.", error_code: 22215, invalid: [{ friendly_name: "Email", failure_reason: "The Email is missing." }] },
        { requirement_friendly_name: "Physical Business Address", passed: true },
      ],
    });
    expect(said).toEqual(["Business Information: A Business Information is missing.", "Authorized Representative #1: A field is missing. (Email: The Email is missing.)"]);
  });
});
