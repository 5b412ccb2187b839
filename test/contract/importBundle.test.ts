import { main } from "../../cli/main";
import { applyDeclared } from "../support/declaredProgram";
import { programDirPerFile, sandboxPerTest } from "../support/fixtures";
import { declaredResources, OutputReference, type DeclaredResource } from "../support/generatedProgram";
import { typeErrorsOf } from "../support/importRoundTrip";

/** `pulumi-profiles import twilio` brings each profile's bundle under code: its objects as resources, its assignments as references. */
jest.setTimeout(120_000);

const sandbox = sandboxPerTest();
// Where the generated program is type-checked, with `pulumi-profiles` and `@pulumi/pulumi` resolvable.
const program = programDirPerFile("pulumi-profiles-import-bundle-");

async function runImport(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: "/nonexistent-not-a-project", env: { ...sandbox.env } });
  return { code, out, err };
}

const requests = () => sandbox.twilio.server.requests.map((r) => `${r.method} ${r.path}`);
const writes = () => requests().filter((r) => !r.startsWith("GET "));

/** A draft profile holding everything the Secondary Customer Profile policy asks for. */
function seedBundledProfile(friendlyName: string) {
  const profile = sandbox.twilio.emulator.seed({ friendly_name: friendlyName });
  return { profile, ...sandbox.twilio.emulator.bundle.seedCompliantBundle(profile.sid) };
}

const refersTo = (value: unknown, resource: DeclaredResource | undefined) => value instanceof OutputReference && value.resource === resource && value.output === "sid";

/** `up` of the program in-process, then `preview --refresh` of each resource: adopted as they are, nothing to change. */
async function applyWritingNothing(resources: DeclaredResource[]) {
  sandbox.clearLogs();
  const applied = await applyDeclared(resources, sandbox.env);
  for (const { driver, inputs } of applied) {
    await driver.refresh();
    expect(await driver.preview(inputs)).toBe(false);
  }
  expect(writes()).toEqual([]);
  return applied;
}

describe("pulumi-profiles import twilio, with bundles", () => {
  it("imports a profile's end users, document and address, each adopted by sid, and its assignments as references to them", async () => {
    const { profile, primary, businessInformation, representative, address, document } = seedBundledProfile("Acme Support");
    const { code, out, err } = await runImport(["import", "twilio", "--sid", profile.sid]);
    expect(code).toBe(0);
    expect(err).toContain(`reading Twilio address ${address.sid}`);
    // One GET per object, nothing else: the profile, its assignments, two end users, the document, its address.
    const addresses = `/2010-04-01/Accounts/${address.account_sid}/Addresses`;
    expect(requests().sort()).toEqual(
      [
        `GET /v1/CustomerProfiles/${profile.sid}`,
        `GET /v1/CustomerProfiles/${profile.sid}/EntityAssignments`,
        `GET /v1/EndUsers/${businessInformation.sid}`,
        `GET /v1/EndUsers/${representative.sid}`,
        `GET /v1/SupportingDocuments/${document.sid}`,
        `GET ${addresses}/${address.sid}.json`,
      ].sort(),
    );

    const resources = declaredResources(out);
    // Dependency order: what a resource refers to is declared before it.
    expect(resources.map((r) => r.className)).toEqual(["Address", "EndUser", "EndUser", "SupportingDocument", "CustomerProfile"]);
    const declared = (sid: string) => resources.find((r) => r.args.sid === sid);
    const [addressResource, representativeResource, businessResource, documentResource, profileResource] = [address, representative, businessInformation, document, profile].map((o) => declared(o.sid));
    expect(addressResource!.name).toBe("twilio-acme-inc-mailing-address");
    expect(addressResource!.args).toMatchObject({ CustomerName: "Acme, Inc.", Street: "1234 Market St", IsoCountry: "US", EmergencyEnabled: false });
    expect(businessResource!.args).toMatchObject({ FriendlyName: businessInformation.friendly_name, Type: "customer_profile_business_information", Attributes: businessInformation.attributes });
    expect(documentResource!.args.Type).toBe("customer_profile_address");
    expect(refersTo((documentResource!.args.Attributes as Record<string, unknown>).address_sids, addressResource)).toBe(true);
    expect(out).toContain("address_sids: twilioAcmeIncMailingAddress.sid,");

    // The primary profile was not asked for (--sid): it stays a literal Sid.
    const assigned = profileResource!.args.EntityAssignments as unknown[];
    expect(assigned).toHaveLength(4);
    expect(assigned).toContain(primary.sid);
    for (const object of [representativeResource, businessResource, documentResource]) expect(assigned.some((a) => refersTo(a, object))).toBe(true);

    expect(typeErrorsOf(out, program.dir)).toEqual([]);
    const applied = await applyWritingNothing(resources);
    expect(applied.map((a) => a.driver.id)).toEqual(resources.map((r) => r.args.sid));
    expect(applied[4]!.inputs.EntityAssignments).toEqual(expect.arrayContaining([primary.sid, businessInformation.sid, representative.sid, document.sid]));
  });

  it("refers to an ISV's primary profile when the import brings it too, declared before the profile that holds it", async () => {
    const { profile, primary } = seedBundledProfile("Acme Support");
    const { code, out } = await runImport(["import", "twilio"]);
    expect(code).toBe(0);
    const resources = declaredResources(out);
    const primaryResource = resources.find((r) => r.args.sid === primary.sid);
    const profileIndex = resources.findIndex((r) => r.args.sid === profile.sid);
    expect(resources.indexOf(primaryResource!)).toBeLessThan(profileIndex);
    expect((resources[profileIndex]!.args.EntityAssignments as unknown[]).some((a) => refersTo(a, primaryResource))).toBe(true);
    expect(out).toContain("twilioPrimaryCustomerProfile.sid");
    // A profile holding nothing says nothing about assignments: the program leaves them unmanaged.
    expect(primaryResource!.args).not.toHaveProperty("EntityAssignments");

    expect(typeErrorsOf(out, program.dir)).toEqual([]);
    await applyWritingNothing(resources);
  });

  it("reads an object two profiles hold once, and declares it once", async () => {
    const first = seedBundledProfile("Acme Support");
    const second = sandbox.twilio.emulator.seed({ friendly_name: "Acme Sales" });
    const salesDocument = sandbox.twilio.emulator.bundle.seedSupportingDocument({ friendly_name: "Sales address document", attributes: { address_sids: first.address.sid } });
    for (const sid of [first.businessInformation.sid, salesDocument.sid]) sandbox.twilio.emulator.bundle.seedAssignment(second.sid, sid);

    const { code, out } = await runImport(["import", "twilio"]);
    expect(code).toBe(0);
    expect(requests().filter((r) => r.endsWith(`/${first.address.sid}.json`))).toHaveLength(1);
    expect(requests().filter((r) => r.endsWith(`/${first.businessInformation.sid}`))).toHaveLength(1);

    const resources = declaredResources(out);
    const addresses = resources.filter((r) => r.className === "Address");
    expect(addresses.map((r) => r.args.sid)).toEqual([first.address.sid]);
    const documents = resources.filter((r) => r.className === "SupportingDocument");
    expect(documents.map((r) => refersTo((r.args.Attributes as Record<string, unknown>).address_sids, addresses[0]))).toEqual([true, true]);
    const business = resources.find((r) => r.args.sid === first.businessInformation.sid);
    for (const holder of [first.profile.sid, second.sid]) {
      expect((resources.find((r) => r.args.sid === holder)!.args.EntityAssignments as unknown[]).some((a) => refersTo(a, business))).toBe(true);
    }

    expect(typeErrorsOf(out, program.dir)).toEqual([]);
    await applyWritingNothing(resources);
  });

  it("keeps the Sid of an assigned object Twilio no longer finds, and says so", async () => {
    const profile = sandbox.twilio.emulator.seed({ friendly_name: "Acme Support" });
    const gone = sandbox.twilio.emulator.bundle.seedEndUser();
    sandbox.twilio.emulator.bundle.seedAssignment(profile.sid, gone.sid);
    sandbox.twilio.emulator.bundle.endUsers.delete(gone.sid);

    const { code, out, err } = await runImport(["import", "twilio", "--sid", profile.sid]);
    expect(code).toBe(0);
    expect(err).toContain(`Twilio end user ${gone.sid}, named by twilio, was not found: it stays a literal id`);
    const resources = declaredResources(out);
    expect(resources.map((r) => r.className)).toEqual(["CustomerProfile"]);
    expect(resources[0]!.args.EntityAssignments).toEqual([gone.sid]);
    await applyWritingNothing(resources);
  });
});
