/**
 * Bad inputs and the rule each one breaks. Every row must fail before any request: a check
 * failure naming the property, or a configuration error naming the setting. docs/bad-input.md lists
 * this table (a test keeps the two in step).
 */
export interface BadInput {
  api: "wavix" | "voximplant" | "twosms" | "twilio";
  label: string;
  /** Resource inputs (a check failure is expected)… */
  inputs?: Record<string, unknown>;
  /** …or settings replacing the sandbox's (a configuration error is expected). */
  env?: Record<string, string | undefined>;
  /** The property or setting the message must name. */
  names: string;
  rule: RegExp;
}

const PW = { SMSPassword: "sms-secret" };
const TW = { FriendlyName: "Acme", Email: "ops@acme.example", PolicySid: "RN" + "a".repeat(32) };
const long = (n: number) => "x".repeat(n);

export const badInputs: BadInput[] = [
  // Wavix
  { api: "wavix", label: "API key too short to mask", env: { WAVIX_API_KEY: "k3y" }, names: "wavix:apiKey", rule: /at least 8 characters \(secrets need .* cannot be masked safely/ },
  { api: "wavix", label: "time zone that does not exist", inputs: { time_zone: "Mars/Olympus" }, names: "time_zone", rule: /IANA time zone/ },
  { api: "wavix", label: "time zone as a number", inputs: { time_zone: 3 }, names: "time_zone", rule: /expected string/i },
  { api: "wavix", label: "country code that is not ISO 3166-1", inputs: { company_info: { country_code: "XX" } }, names: "company_info.country_code", rule: /ISO 3166-1 alpha-2/ },
  { api: "wavix", label: "country name instead of code", inputs: { company_info: { country_code: "Germany" } }, names: "company_info.country_code", rule: /ISO 3166-1 alpha-2/ },
  { api: "wavix", label: "relay URL that is not a URL", inputs: { sms_relay_url: "not a url" }, names: "sms_relay_url", rule: /absolute http/ },
  { api: "wavix", label: "relay URL with another scheme", inputs: { dlr_relay_url: "ftp://example.com/dlr" }, names: "dlr_relay_url", rule: /absolute http/ },
  { api: "wavix", label: "short-link endpoint without scheme", inputs: { default_short_link_endpoint: "short.example.com" }, names: "default_short_link_endpoint", rule: /absolute http/ },
  { api: "wavix", label: "phone with letters", inputs: { phone: "+1 202 CALL NOW" }, names: "phone", rule: /7 to 15 digits/ },
  { api: "wavix", label: "contacts that is not an email", inputs: { contacts: "ops at example" }, names: "contacts", rule: /email address/ },
  { api: "wavix", label: "industry outside Wavix's 13", inputs: { company_info: { industry: "agriculture" } }, names: "company_info.industry", rule: /one of Wavix's industries/ },
  { api: "wavix", label: "unknown field", inputs: { nickname: "Ada" }, names: "nickname", rule: /unknown field/ },
  { api: "wavix", label: "unknown company field", inputs: { company_info: { ceo: "Ada" } }, names: "company_info.ceo", rule: /unknown field/ },
  { api: "wavix", label: "company_info as a string", inputs: { company_info: "Acme" }, names: "company_info", rule: /expected object/i },
  { api: "wavix", label: "restoreOnDelete as a string", inputs: { restoreOnDelete: "yes" }, names: "restoreOnDelete", rule: /expected boolean/i },
  { api: "wavix", label: "deleteOnDestroy on a profile that cannot be deleted", inputs: { deleteOnDestroy: true }, names: "deleteOnDestroy", rule: /cannot be deleted/ },
  { api: "wavix", label: "missing API key", env: { WAVIX_API_KEY: undefined }, names: "wavix:apiKey", rule: /missing setting wavix:apiKey.*WAVIX_API_KEY/ },
  { api: "wavix", label: "plain http to a remote host", env: { WAVIX_BASE_URL: "http://api.wavix.com" }, names: "api.wavix.com", rule: /refusing plain http/ },
  // Voximplant
  { api: "voximplant", label: "password shorter than 8", inputs: { new_account_password: "Ab1!" }, names: "new_account_password", rule: /at least 8/ },
  { api: "voximplant", label: "password without uppercase", inputs: { new_account_password: "lowercase-only-1" }, names: "new_account_password", rule: /uppercase/ },
  { api: "voximplant", label: "password without a digit", inputs: { new_account_password: "NoDigits-Here" }, names: "new_account_password", rule: /number/ },
  { api: "voximplant", label: "password without a special character", inputs: { new_account_password: "NoSpecial123" }, names: "new_account_password", rule: /special character/ },
  { api: "voximplant", label: "language not in the documented list", inputs: { language_code: "xx" }, names: "language_code", rule: /ISO 639-1/ },
  { api: "voximplant", label: "language in upper case", inputs: { language_code: "EN" }, names: "language_code", rule: /ISO 639-1/ },
  { api: "voximplant", label: "billing country not in the documented list", inputs: { billing_address_country_code: "HK" }, names: "billing_address_country_code", rule: /SetAccountInfo list/ },
  { api: "voximplant", label: "location that is not a time zone", inputs: { location: "Moon/Base" }, names: "location", rule: /IANA/ },
  { api: "voximplant", label: "negative notification balance", inputs: { min_balance_to_notify: -5 }, names: "min_balance_to_notify", rule: /≥ 0/ },
  { api: "voximplant", label: "notification balance as text", inputs: { min_balance_to_notify: "100" }, names: "min_balance_to_notify", rule: /expected number/i },
  { api: "voximplant", label: "callback URL that is not a URL", inputs: { callback_url: "hooks" }, names: "callback_url", rule: /absolute http/ },
  { api: "voximplant", label: "notification flag as text", inputs: { news_notifications: "false" }, names: "news_notifications", rule: /expected boolean/i },
  { api: "voximplant", label: "email without domain", inputs: { new_account_email: "ops@" }, names: "new_account_email", rule: /email address/ },
  { api: "voximplant", label: "first name of 50 characters", inputs: { account_first_name: long(50) }, names: "account_first_name", rule: /at most 49/ },
  { api: "voximplant", label: "last name of 50 characters", inputs: { account_last_name: long(50) }, names: "account_last_name", rule: /at most 49/ },
  { api: "voximplant", label: "billing name of 200 characters", inputs: { billing_address_name: long(200) }, names: "billing_address_name", rule: /at most 199/ },
  { api: "voximplant", label: "billing address of 512 characters", inputs: { billing_address_address: long(512) }, names: "billing_address_address", rule: /at most 511/ },
  { api: "voximplant", label: "billing ZIP of 30 characters", inputs: { billing_address_zip: long(30) }, names: "billing_address_zip", rule: /at most 29/ },
  { api: "voximplant", label: "billing phone of 30 characters", inputs: { billing_address_phone: long(30) }, names: "billing_address_phone", rule: /at most 29/ },
  { api: "voximplant", label: "custom data of 8192 characters", inputs: { account_custom_data: long(8192) }, names: "account_custom_data", rule: /at most 8191/ },
  { api: "voximplant", label: "empty callback salt", inputs: { callback_salt: "" }, names: "callback_salt", rule: /non-empty/ },
  { api: "voximplant", label: "callback salt of 40 characters", inputs: { callback_salt: long(40) }, names: "callback_salt", rule: /fewer than 40 characters \(Voximplant error 399\)/ },
  { api: "voximplant", label: "callback salt too short to mask", inputs: { callback_salt: "salt" }, names: "callback_salt", rule: /at least 8 characters \(secrets need .* cannot be masked safely/ },
  { api: "voximplant", label: "missing credentials", env: { VOXIMPLANT_CREDENTIALS: undefined }, names: "voximplant:credentials", rule: /missing setting voximplant:credentials/ },
  { api: "voximplant", label: "credentials.json that is not JSON", env: { VOXIMPLANT_CREDENTIALS: "{account_id: 1" }, names: "voximplant:credentials", rule: /the value is not valid JSON/ },
  { api: "voximplant", label: "base64 of credentials.json that is not JSON", env: { VOXIMPLANT_CREDENTIALS: `${Buffer.from("{account_id: 1").toString("base64")}\n` }, names: "voximplant:credentials", rule: /its base64 decodes to text that is not valid JSON/ },
  { api: "voximplant", label: "credentials.json without private_key", env: { VOXIMPLANT_CREDENTIALS: JSON.stringify({ account_id: 1, key_id: "k" }) }, names: "voximplant:credentials", rule: /private_key/ },
  { api: "voximplant", label: "credentials.json with a non-numeric account_id", env: { VOXIMPLANT_CREDENTIALS: JSON.stringify({ account_id: "abc", key_id: "k", private_key: "-----BEGIN PRIVATE KEY-----" }) }, names: "voximplant:credentials", rule: /account_id/ },
  { api: "voximplant", label: "credentials file that does not exist", env: { VOXIMPLANT_CREDENTIALS: "/nonexistent/credentials.json" }, names: "voximplant:credentials", rule: /is neither the JSON of credentials.json, its base64, nor a readable file path/ },
  // 2sms
  { api: "twosms", label: "missing SMSPassword", inputs: { Name: "Acme" }, names: "SMSPassword", rule: /^required: 2sms demands the SMS password on every update$/ },
  { api: "twosms", label: "SMSPassword too short to mask", inputs: { SMSPassword: "abc" }, names: "SMSPassword", rule: /at least 8 characters \(secrets need .* cannot be masked safely/ },
  { api: "twosms", label: "contact number with too few digits", inputs: { ...PW, ContactNumber: "12-34" }, names: "ContactNumber", rule: /at least 5 digits/ },
  { api: "twosms", label: "contact number with letters", inputs: { ...PW, ContactNumber: "+44 CALL 0000" }, names: "ContactNumber", rule: /5 to 20 digits/ },
  { api: "twosms", label: "email the 2sms pattern refuses", inputs: { ...PW, EmailAddress: "ops@localhost" }, names: "EmailAddress", rule: /2sms pattern/ },
  { api: "twosms", label: "empty SMS username", inputs: { ...PW, SMSUsername: "" }, names: "SMSUsername", rule: /non-empty SMS username/ },
  { api: "twosms", label: "language id that is not a GUID", inputs: { ...PW, LanguageID: "en-GB" }, names: "LanguageID", rule: /GUID/ },
  { api: "twosms", label: "account id that is not a GUID", inputs: { ...PW, accountId: "42" }, names: "accountId", rule: /GUID/ },
  { api: "twosms", label: "website without scheme", inputs: { ...PW, Website: "www.example.com" }, names: "Website", rule: /absolute http/ },
  { api: "twosms", label: "logo that is not base64", inputs: { ...PW, Logo: "<svg/>" }, names: "Logo", rule: /base64/ },
  { api: "twosms", label: "time zone 2sms does not know", inputs: { ...PW, TimeZone: "Middle Earth Time Zone" }, names: "TimeZone", rule: /time zone id/ },
  { api: "twosms", label: "Windows time zone id misspelled", inputs: { ...PW, TimeZone: "Pacific Standard Time(Mexico)" }, names: "TimeZone", rule: /Windows time zone id/ },
  { api: "twosms", label: "two-factor flag as text", inputs: { ...PW, TwoFactorEnabled: "yes" }, names: "TwoFactorEnabled", rule: /expected boolean/i },
  { api: "twosms", label: "missing client id", env: { TWOSMS_CLIENT_ID: undefined }, names: "twosms:clientId", rule: /missing setting twosms:clientId/ },
  { api: "twosms", label: "missing client secret", env: { TWOSMS_CLIENT_SECRET: undefined }, names: "twosms:clientSecret", rule: /missing setting twosms:clientSecret/ },
  { api: "twosms", label: "unknown region", env: { TWOSMS_BASE_URL: undefined, TWOSMS_REGION: "mars" }, names: "twosms:region", rule: /plus, portal, us, au/ },
  { api: "twosms", label: "unknown wire format", env: { TWOSMS_WIRE_FORMAT: "yaml" }, names: "twosms:wireFormat", rule: /json or xml/ },
  // Twilio
  { api: "twilio", label: "status twilio-approved as a desired value", inputs: { ...TW, Status: "twilio-approved" }, names: "Status", rule: /set by Twilio/ },
  { api: "twilio", label: "status twilio-rejected as a desired value", inputs: { ...TW, Status: "twilio-rejected" }, names: "Status", rule: /set by Twilio/ },
  { api: "twilio", label: "status in-review as a desired value", inputs: { ...TW, Status: "in-review" }, names: "Status", rule: /set by Twilio/ },
  { api: "twilio", label: "Sid of another resource type", inputs: { sid: "AC" + "a".repeat(32) }, names: "sid", rule: /BU followed by 32 hex/ },
  { api: "twilio", label: "Sid too short", inputs: { sid: "BU1234" }, names: "sid", rule: /BU followed by 32 hex/ },
  { api: "twilio", label: "policy Sid malformed", inputs: { ...TW, PolicySid: "RN-policy" }, names: "PolicySid", rule: /RN followed by 32 hex/ },
  { api: "twilio", label: "email without @", inputs: { ...TW, Email: "compliance.acme.example" }, names: "Email", rule: /email address/ },
  { api: "twilio", label: "status callback that is not a URI", inputs: { ...TW, StatusCallback: "callback" }, names: "StatusCallback", rule: /absolute http/ },
  { api: "twilio", label: "create without PolicySid", inputs: { FriendlyName: "Acme", Email: "ops@acme.example" }, names: "PolicySid", rule: /required to create/ },
  { api: "twilio", label: "create without FriendlyName", inputs: { Email: "ops@acme.example", PolicySid: TW.PolicySid }, names: "FriendlyName", rule: /required to create/ },
  { api: "twilio", label: "create without Email", inputs: { FriendlyName: "Acme", PolicySid: TW.PolicySid }, names: "Email", rule: /required to create/ },
  { api: "twilio", label: "empty friendly name", inputs: { ...TW, FriendlyName: "" }, names: "FriendlyName", rule: /non-empty name/ },
  { api: "twilio", label: "friendly name over 64 characters", inputs: { ...TW, FriendlyName: long(65) }, names: "FriendlyName", rule: /at most 64/ },
  { api: "twilio", label: "missing auth token", env: { TWILIO_AUTH_TOKEN: undefined }, names: "twilio:authToken", rule: /missing setting twilio:authToken/ },
  { api: "twilio", label: "API key without its secret", env: { TWILIO_API_KEY: "SK" + "b".repeat(32) }, names: "twilio:apiSecret", rule: /missing setting twilio:apiSecret/ },
];
