import { SANDBOX_POLICY_SID } from "../../sandbox";
import { sandboxPerTest } from "../support/fixtures";
import { officialTwilioClient } from "../support/twilioClient";

/**
 * Twilio's own Node client (twilio 6.3.1), unchanged, against the TrustHub emulator. Only the
 * transport is pointed elsewhere: its RequestClient sends to the emulator what it would send to
 * https://trusthub.twilio.com. If this client works, the emulator keeps Twilio's contract.
 */
jest.setTimeout(60_000);

const sandbox = sandboxPerTest();
const client = (sid = sandbox.twilio.emulator.accountSid, token = sandbox.twilio.emulator.authToken) => officialTwilioClient(sandbox.twilio.server.url, sid, token);
const profiles = () => client().trusthub.v1.customerProfiles;

describe("the official twilio client against the TrustHub emulator", () => {
  it("creates, fetches, updates, submits, lists and deletes a Customer-Profile", async () => {
    const created = await profiles().create({ friendlyName: "Acme Support", email: "trust@acme.example", policySid: SANDBOX_POLICY_SID, statusCallback: "https://hooks.acme.example/trusthub" });
    expect(created.sid).toMatch(/^BU[0-9a-f]{32}$/);
    expect(created).toMatchObject({ friendlyName: "Acme Support", email: "trust@acme.example", status: "draft", policySid: SANDBOX_POLICY_SID, validUntil: null, errors: null });
    expect(created.dateCreated).toBeInstanceOf(Date);
    const sent = sandbox.twilio.server.log({ method: "POST", path: "/v1/CustomerProfiles" })[0]!;
    expect(sent.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ FriendlyName: "Acme Support", Email: "trust@acme.example", PolicySid: SANDBOX_POLICY_SID, StatusCallback: "https://hooks.acme.example/trusthub" });

    const fetched = await profiles()(created.sid).fetch();
    expect(fetched.toJSON()).toEqual(created.toJSON());

    const renamed = await profiles()(created.sid).update({ friendlyName: "Acme Support Desk" });
    expect(renamed.friendlyName).toBe("Acme Support Desk");
    // Twilio takes a bundle for review only when it holds what its Policy requires.
    sandbox.twilio.emulator.bundle.seedCompliantBundle(created.sid);
    const submitted = await profiles()(created.sid).update({ status: "pending-review" });
    expect(submitted.status).toBe("in-review");

    sandbox.twilio.emulator.seed({ friendly_name: "Acme Sales" });
    const listed = await profiles().list();
    expect(listed.map((p) => p.friendlyName).sort()).toEqual(["Acme Sales", "Acme Support Desk", "Primary Customer Profile"]);
    const filtered = await profiles().list({ friendlyName: "Acme Sales" });
    expect(filtered.map((p) => p.friendlyName)).toEqual(["Acme Sales"]);

    expect(await profiles()(created.sid).remove()).toBe(true);
    expect(sandbox.twilio.emulator.profiles.has(created.sid)).toBe(false);
  });

  it("surfaces Twilio's errors as RestException with Twilio's status, code and more_info", async () => {
    const unknown = "BU" + "0".repeat(32);
    const missing = await profiles()(unknown).fetch().catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 20404, moreInfo: "https://www.twilio.com/docs/errors/20404" });

    const badAuth = await client(sandbox.twilio.emulator.accountSid, "wrong-token").trusthub.v1.customerProfiles.list().catch((e: unknown) => e);
    expect(badAuth).toMatchObject({ status: 401, code: 20003 });

    const approved = sandbox.twilio.emulator.seed({ status: "twilio-approved" });
    const frozen = await profiles()(approved.sid).update({ friendlyName: "Renamed" }).catch((e: unknown) => e);
    expect(frozen).toMatchObject({ status: 400, code: 20001 });
    const backwards = await profiles()(approved.sid).update({ status: "draft" }).catch((e: unknown) => e);
    expect(backwards).toMatchObject({ status: 400, code: 20001, message: expect.stringMatching(/twilio-approved to draft/) });

    const badPolicy = await profiles().create({ friendlyName: "X", email: "x@acme.example", policySid: "RNnot-a-policy" }).catch((e: unknown) => e);
    expect(badPolicy).toMatchObject({ status: 400, code: 20001 });
    expect(sandbox.twilio.emulator.profiles.size).toBe(1);
  });

  it.each([
    [{ friendlyName: "x".repeat(65) }, 20002],
    [{ email: "compliance.acme.example" }, 20001],
    [{ statusCallback: "callback" }, 21609],
  ])("refuses create %j with Twilio's code %i, and makes nothing", async (bad, code) => {
    const refused = await profiles().create({ friendlyName: "Acme", email: "x@acme.example", policySid: SANDBOX_POLICY_SID, ...bad }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect(sandbox.twilio.emulator.profiles.size).toBe(0);
  });
});
