import type { Sandbox } from "../../sandbox";
import type { ApiName } from "./sandboxCredentials";

/** What the project-directory suite needs to know about each example in examples/. */
export interface ExampleSpec {
  /** The APIs whose credentials the stack needs. */
  apis: ApiName[];
  /** The program's own secrets (`config.requireSecret`). */
  secrets: (sandbox: Sandbox) => Record<string, string>;
  /** A one-field edit of index.ts and the one write it must cause. */
  edit: { from: string; to: string; carries: string; write: (sandbox: Sandbox) => string };
  /** Writes `pulumi destroy` makes (only objects the stack created are deleted). */
  destroyWrites: (sandbox: Sandbox) => string[];
}

const twilioProfilePath = (sandbox: Sandbox) => `/v1/CustomerProfiles/${[...sandbox.twilio.emulator.profiles.keys()].join(",")}`;
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
    edit: { from: 'Email: "compliance@engines.example"', to: 'Email: "trust@engines.example"', carries: "trust%40engines.example", write: (sandbox) => `twilio POST ${twilioProfilePath(sandbox)}` },
    destroyWrites: (sandbox) => [`twilio DELETE ${twilioProfilePath(sandbox)}`],
  },
  "all-profiles": {
    apis: ["wavix", "voximplant", "twosms", "twilio"],
    secrets: (sandbox) => ({ voximplantPassword: "Correct-Horse-7-Battery", smsPassword: sandbox.twosms.emulator.account.SMSPassword }),
    edit: { from: "export = allProfiles();", to: 'export = allProfiles({ wavixTimeZone: "America/New_York" });', carries: "America/New_York", write: () => "wavix PUT /v1/profile" },
    destroyWrites: (sandbox) => [`twilio DELETE ${twilioProfilePath(sandbox)}`],
  },
};
