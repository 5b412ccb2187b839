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
  twilio: { profiles: StoredCustomerProfile[] };
}

const copy = <T>(value: T): T => structuredClone(value);

export function snapshotSandbox(sandbox: Sandbox): SandboxSnapshot {
  return {
    wavix: { profile: copy(sandbox.wavix.emulator.profile) },
    voximplant: { account: copy(sandbox.voximplant.emulator.account), hidden: copy(sandbox.voximplant.emulator.hidden) },
    twosms: { account: copy(sandbox.twosms.emulator.account) },
    twilio: { profiles: copy([...sandbox.twilio.emulator.profiles.values()]) },
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
  Object.assign(sandbox.twosms.emulator.account, copy(snapshot.twosms.account));
  const profiles = sandbox.twilio.emulator.profiles;
  profiles.clear();
  for (const profile of copy(snapshot.twilio.profiles)) profiles.set(profile.sid, profile);
}
