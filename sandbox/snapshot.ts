import type { Sandbox } from "./index";
import type { StoredCustomerProfile } from "./twilio";
import type { TwoSmsAccountRecord } from "./twosms";
import type { VoximplantAccount } from "./voximplant";
import type { WavixStoredProfile } from "./wavix";

/**
 * What the emulators hold, as plain JSON: the profiles and the values their APIs never show,
 * without credentials (a restored sandbox keeps its own fresh keys). Upgrade fixtures record
 * one after `pulumi up` and seed new emulators from it, so an old stack meets the API it knew.
 * When an emulator's storage changes, `restoreSandbox` maps these recorded shapes onto it.
 */
export interface SandboxSnapshot {
  /** `hidden`: 0.1.0's emulator kept contacts and the relay URLs apart (it took them as write-only). */
  wavix: { profile: WavixStoredProfile; hidden?: Record<string, string> };
  /** 0.1.0's emulator kept callback_salt in `hidden`; GetAccountInfo returns it, so it lives in the account now. */
  voximplant: { account: VoximplantAccount; hidden: Record<string, string> };
  twosms: { account: TwoSmsAccountRecord };
  /**
   * `otherAccountSid`: the second account's SID when recorded, to give its profiles back to it.
   * 0.1.0's emulator had one account (and no such field): every profile it recorded is the first's.
   */
  twilio: { profiles: StoredCustomerProfile[]; otherAccountSid?: string };
}

const copy = <T>(value: T): T => structuredClone(value);

export function snapshotSandbox(sandbox: Sandbox): SandboxSnapshot {
  return {
    wavix: { profile: copy(sandbox.wavix.emulator.profile) },
    voximplant: { account: copy(sandbox.voximplant.emulator.account), hidden: copy(sandbox.voximplant.emulator.hidden) },
    twosms: { account: copy(sandbox.twosms.emulator.account) },
    twilio: { profiles: copy([...sandbox.twilio.emulator.profiles.values()]), otherAccountSid: sandbox.twilio.emulator.otherAccountSid },
  };
}

/** Puts every emulator in the recorded state; credentials stay those the sandbox was started with. */
export function restoreSandbox(sandbox: Sandbox, snapshot: SandboxSnapshot): void {
  const wavix = sandbox.wavix.emulator;
  Object.assign(wavix.profile, copy(snapshot.wavix.profile));
  wavix.applyRequestFields(copy(snapshot.wavix.hidden ?? {}));
  const { callback_salt: salt, ...hidden } = copy(snapshot.voximplant.hidden);
  Object.assign(sandbox.voximplant.emulator.account, copy(snapshot.voximplant.account), salt === undefined ? {} : { callback_salt: salt });
  Object.assign(sandbox.voximplant.emulator.hidden, hidden);
  const twosms = sandbox.twosms.emulator;
  Object.assign(twosms.account, copy(snapshot.twosms.account));
  // The recorded account brings its own ID: the subaccount follows its parent.
  twosms.subAccount.AccountID = twosms.account.ID;
  const twilio = sandbox.twilio.emulator;
  twilio.profiles.clear();
  for (const profile of copy(snapshot.twilio.profiles)) {
    twilio.profiles.set(profile.sid, profile);
    twilio.mapRecordedAccount(profile.account_sid, profile.account_sid === snapshot.twilio.otherAccountSid ? "other" : "primary");
  }
}
