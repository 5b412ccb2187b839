import type { Sandbox } from "../../sandbox";
import type { ApiName } from "./sandboxCredentials";

/** What the project-directory suite needs to know about each example in examples/. */
export interface ExampleSpec {
  /** The APIs whose credentials the stack needs. */
  apis: ApiName[];
  /** The program's own secrets (`config.requireSecret`). */
  secrets: (sandbox: Sandbox) => Record<string, string>;
  /** The program's own plain settings (`config.require`). */
  config?: (sandbox: Sandbox) => Record<string, string>;
  /** A one-field edit of index.ts and the one write it must cause. */
  edit: { from: string; to: string; carries: string; write: (sandbox: Sandbox) => string };
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
  "all-profiles": {
    apis: ["wavix", "voximplant", "twosms", "twilio"],
    secrets: (sandbox) => ({ voximplantPassword: "Correct-Horse-7-Battery", smsPassword: sandbox.twosms.emulator.account.SMSPassword }),
    edit: { from: "export = allProfiles();", to: 'export = allProfiles({ wavixTimeZone: "America/New_York" });', carries: "America/New_York", write: () => "wavix PUT /v1/profile" },
    config: (sandbox) => ({ primaryCustomerProfileSid: sandbox.twilio.emulator.primaryCustomerProfile().sid }),
    destroyWrites: twilioBundleDeletes,
  },
};
