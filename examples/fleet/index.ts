import { twilio, voximplant, wavix } from "pulumi-profiles";

// One credential set per customer account, named by the profile's `account` input. In stack
// config, as secrets (or in the environment, e.g. WAVIX_API_KEY__ACME for CI):
//   pulumi config set --secret --path 'wavix:accounts.acme.apiKey' <acme's Wavix key>
//   pulumi config set --secret --path 'voximplant:accounts.acme.credentials' "$(cat acme-credentials.json)"
//   pulumi config set --path 'twilio:accounts.acme.accountSid' AC…
//   pulumi config set --secret --path 'twilio:accounts.acme.authToken' <acme's auth token>
// and the same under `globex`. Base URLs and the timeout are shared: set once, at the top level.
const customers = [
  { account: "acme", company: "Acme, Inc.", first: "Ada", last: "Lovelace", email: "compliance@acme.example", timeZone: "America/New_York" },
  { account: "globex", company: "Globex Corporation", first: "Hank", last: "Scorpio", email: "compliance@globex.example", timeZone: "Europe/London" },
];

// Twilio's Secondary Customer Profile policy (twilio.com/docs/trust-hub/trusthub-rest-api/console-create-a-primary-customer-profile).
const SECONDARY_CUSTOMER_PROFILE_POLICY = "RNdfbf3fae0e1107f8aded0e7cead80bf5";

export const profiles = customers.map((c) => ({
  account: c.account,
  wavix: new wavix.Profile(`${c.account}-wavix`, {
    account: c.account,
    first_name: c.first,
    last_name: c.last,
    time_zone: c.timeZone,
    company_info: { name: c.company },
  }).time_zone,
  voximplant: new voximplant.AccountInfo(`${c.account}-voximplant`, {
    account: c.account,
    account_first_name: c.first,
    account_last_name: c.last,
  }).account_last_name,
  twilio: new twilio.CustomerProfile(`${c.account}-twilio`, {
    account: c.account,
    FriendlyName: c.company,
    Email: c.email,
    PolicySid: SECONDARY_CUSTOMER_PROFILE_POLICY,
  }).sid,
}));
