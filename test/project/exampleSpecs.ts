import type { Sandbox } from "../../sandbox";
import type { Project } from "./projectWorkspace";
import { configSetArgs, fleetConfig, writesReceived, type ApiName, type ConfigEntry } from "./sandboxCredentials";

/** What the project-directory suite needs to know about each example in examples/. */
export interface ExampleSpec {
  /** The APIs whose credentials the stack needs. */
  apis: ApiName[];
  /** Credentials given per account instead (`--path` config of a fleet), with the shared base URLs. */
  accountConfig?: (sandbox: Sandbox) => ConfigEntry[];
  /** The program's own secrets (`config.requireSecret`). */
  secrets: (sandbox: Sandbox) => Record<string, string>;
  /** The program's own plain settings (`config.require`). */
  config?: (sandbox: Sandbox) => Record<string, string>;
  /** A one-field edit of index.ts and the one write it must cause. */
  edit: { from: string; to: string; carries: string; write: (sandbox: Sandbox) => string };
  /** Further checks on the stack right after its first `up` (a stack is minutes of CLI time: share it). */
  afterUp?: (project: Project, sandbox: Sandbox) => Promise<void>;
  /** Writes `pulumi destroy` makes (only objects the stack created are deleted), in any order. */
  destroyWrites: (sandbox: Sandbox) => string[];
}

const twilioProfilePath = (sandbox: Sandbox) => `/v1/CustomerProfiles/${[...sandbox.twilio.emulator.profiles.keys()].filter((sid) => sid !== sandbox.twilio.emulator.primaryCustomerProfile().sid).join(",")}`;
/** Every object of the one customer's bundle the example creates, as destroy deletes them. */
const twilioBundleDeletes = (sandbox: Sandbox) => {
  const { bundle, accountSid } = sandbox.twilio.emulator;
  return [
    `twilio DELETE ${twilioProfilePath(sandbox)}`,
    ...[...bundle.endUsers.keys()].map((sid) => `twilio DELETE /v1/EndUsers/${sid}`),
    ...[...bundle.supportingDocuments.keys()].map((sid) => `twilio DELETE /v1/SupportingDocuments/${sid}`),
    ...[...bundle.addresses.keys()].map((sid) => `twilio DELETE /2010-04-01/Accounts/${accountSid}/Addresses/${sid}.json`),
  ];
};
const representativePath = (sandbox: Sandbox) => `/v1/EndUsers/${[...sandbox.twilio.emulator.bundle.endUsers.values()].filter((u) => u.type === "authorized_representative_1").map((u) => u.sid).join(",")}`;
const twosmsAccountPath = (sandbox: Sandbox) => `/api/v2/admin/accounts/${sandbox.twosms.emulator.account.ID}`;

export const EXAMPLE_SPECS: Record<string, ExampleSpec> = {
  wavix: {
    apis: ["wavix"],
    secrets: () => ({}),
    edit: { from: 'job_title: "Head of Platform"', to: 'job_title: "Chief Engineer"', carries: "Chief Engineer", write: () => "wavix PUT /v1/profile" },
    destroyWrites: () => [],
  },
  voximplant: {
    apis: ["voximplant"],
    secrets: () => ({ callbackSalt: "a-callback-salt-of-some-length" }),
    edit: { from: 'account_last_name: "Lovelace"', to: 'account_last_name: "Byron"', carries: "Byron", write: () => "voximplant POST /platform_api/SetAccountInfo" },
    destroyWrites: () => [],
  },
  twosms: {
    apis: ["twosms"],
    secrets: (sandbox) => ({ smsPassword: sandbox.twosms.emulator.account.SMSPassword }),
    edit: { from: 'LastName: "Lovelace"', to: 'LastName: "Byron"', carries: "Byron", write: (sandbox) => `twosms PUT ${twosmsAccountPath(sandbox)}` },
    destroyWrites: () => [],
  },
  twilio: {
    apis: ["twilio"],
    secrets: () => ({}),
    config: (sandbox) => ({ primaryCustomerProfileSid: sandbox.twilio.emulator.primaryCustomerProfile().sid }),
    // The profile is in review after the first up, so Twilio takes no edit of it: the edit is the representative's.
    edit: { from: 'business_title: "Head of Platform"', to: 'business_title: "Chief Engineer"', carries: "Chief+Engineer", write: (sandbox) => `twilio POST ${representativePath(sandbox)}` },
    destroyWrites: twilioBundleDeletes,
  },
  fleet: {
    apis: [],
    accountConfig: fleetConfig,
    secrets: () => ({}),
    edit: { from: 'timeZone: "Europe/London"', to: 'timeZone: "Europe/Berlin"', carries: "Europe/Berlin", write: () => "wavix PUT /v1/profile" },
    afterUp: rotateOneAccountsKey,
    destroyWrites: (sandbox) => [...sandbox.twilio.emulator.profiles.values()].filter((p) => p.friendly_name !== "Existing profile" && p.sid !== sandbox.twilio.emulator.primaryCustomerProfile().sid).map((p) => `twilio DELETE /v1/CustomerProfiles/${p.sid}`),
  },
  "all-profiles": {
    apis: ["wavix", "voximplant", "twosms", "twilio"],
    secrets: (sandbox) => ({ voximplantPassword: "Correct-Horse-7-Battery", smsPassword: sandbox.twosms.emulator.account.SMSPassword }),
    edit: { from: "export = allProfiles();", to: 'export = allProfiles({ wavixTimeZone: "America/New_York" });', carries: "America/New_York", write: () => "wavix PUT /v1/profile" },
    config: (sandbox) => ({ primaryCustomerProfileSid: sandbox.twilio.emulator.primaryCustomerProfile().sid }),
    destroyWrites: twilioBundleDeletes,
  },
};

/**
 * Rotating one account's key (a new key of the same account in its `--path` secret) is no
 * change and no write; no key is in state in plain. A refresh reads with the provider settings
 * the last `up` recorded (Pulumi refreshes through the providers in state), so the new key is
 * what reads send once an `up` has run, as the deploy job does after the change.
 */
async function rotateOneAccountsKey(project: Project, sandbox: Sandbox): Promise<void> {
  const rotated = `wvx_rotated_${"7".repeat(24)}`;
  sandbox.wavix.emulator.addKey(rotated, sandbox.wavix.emulator.otherApiKey);
  await project.pulumi(...configSetArgs({ key: "wavix:accounts.globex.apiKey", value: rotated, secret: true, path: true }));
  sandbox.clearLogs();
  await project.pulumi("up", "--yes", "--expect-no-changes");
  expect(writesReceived(sandbox)).toEqual([]);
  await project.pulumi("preview", "--refresh", "--expect-no-changes");
  expect(writesReceived(sandbox)).toEqual([]);
  expect(sandbox.servers.wavix!.requests.map((r) => r.headers.authorization)).toContain(`Bearer ${rotated}`);
  const state = (await project.pulumi("stack", "export")).stdout;
  for (const secret of [rotated, sandbox.wavix.emulator.apiKey, sandbox.twilio.emulator.authToken, sandbox.twilio.emulator.otherAuthToken]) expect(state).not.toContain(secret);
}
