import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../sandbox";
import { restoreSandbox, snapshotSandbox, type SandboxSnapshot } from "../../sandbox/snapshot";

let recorded: Sandbox;
let fresh: Sandbox;
beforeEach(async () => {
  [recorded, fresh] = await Promise.all([startSandbox(), startSandbox()]);
});
afterEach(() => Promise.all([recorded.close(), fresh.close()]));

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
const fetchProfile = async (sandbox: Sandbox, sid: string, auth: { authorization: string }) => {
  const answer = await fetch(`${sandbox.twilio.server.url}/v1/CustomerProfiles/${sid}`, { headers: auth });
  return { status: answer.status, body: (await answer.json()) as { account_sid?: string } };
};

describe("restoreSandbox into a sandbox with fresh credentials", () => {
  it("gives each account's Twilio profiles back to it, showing the recorded account_sid that a stack's state holds", async () => {
    const mine = recorded.twilio.emulator.seed({ friendly_name: "Mine" });
    const theirs = recorded.twilio.emulator.seed({ friendly_name: "Theirs" }, { account: "other" });
    restoreSandbox(fresh, snapshotSandbox(recorded));
    const { accountSid, authToken, otherAccountSid, otherAuthToken } = fresh.twilio.emulator;
    expect(await fetchProfile(fresh, mine.sid, basic(accountSid, authToken))).toEqual({ status: 200, body: expect.objectContaining({ account_sid: recorded.twilio.emulator.accountSid }) });
    expect(await fetchProfile(fresh, theirs.sid, basic(otherAccountSid, otherAuthToken))).toEqual({ status: 200, body: expect.objectContaining({ account_sid: recorded.twilio.emulator.otherAccountSid }) });
    expect((await fetchProfile(fresh, mine.sid, basic(otherAccountSid, otherAuthToken))).status).toBe(404);
    expect((await fetchProfile(fresh, theirs.sid, basic(accountSid, authToken))).status).toBe(404);
  });

  it("gives the profiles of a 0.1.0 snapshot (one account, no otherAccountSid) to the first account", async () => {
    const mine = recorded.twilio.emulator.seed({ friendly_name: "Mine" });
    const { otherAccountSid: _absent, ...twilio } = snapshotSandbox(recorded).twilio;
    restoreSandbox(fresh, { ...snapshotSandbox(recorded), twilio });
    const { accountSid, authToken, otherAccountSid, otherAuthToken } = fresh.twilio.emulator;
    expect(await fetchProfile(fresh, mine.sid, basic(accountSid, authToken))).toEqual({ status: 200, body: expect.objectContaining({ account_sid: recorded.twilio.emulator.accountSid }) });
    expect((await fetchProfile(fresh, mine.sid, basic(otherAccountSid, otherAuthToken))).status).toBe(404);
  });

  it("serves the committed 0.1.0 Twilio fixture's profiles to the fresh first account, as the upgrade suite reads them", async () => {
    const snapshot = JSON.parse(readFileSync(join(__dirname, "../upgrade/fixtures/0.1.0/twilio/emulators.json"), "utf8")) as SandboxSnapshot;
    expect(snapshot.twilio.profiles.length).toBeGreaterThan(0);
    restoreSandbox(fresh, snapshot);
    const { accountSid, authToken } = fresh.twilio.emulator;
    for (const profile of snapshot.twilio.profiles) {
      expect(await fetchProfile(fresh, profile.sid, basic(accountSid, authToken))).toEqual({ status: 200, body: expect.objectContaining({ account_sid: profile.account_sid }) });
    }
  });

  it("keeps the 2sms subaccount under the restored parent", () => {
    restoreSandbox(fresh, snapshotSandbox(recorded));
    const { account, subAccount } = fresh.twosms.emulator;
    expect(account.ID).toBe(recorded.twosms.emulator.account.ID);
    expect(subAccount.AccountID).toBe(account.ID);
  });
});
