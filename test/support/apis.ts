import type * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "node:crypto";
import { defaultTwoSmsAccount, defaultVoximplantAccount, defaultWavixProfile, SANDBOX_POLICY_SID, type RecordedRequest, type Sandbox } from "../../sandbox";
import { platformApiParams } from "../../sandbox/platformApiParams";
import { twilio, twosms, voximplant, wavix } from "../../sdk";

type Inputs = Record<string, unknown>;

/**
 * What the end-to-end scenarios need to know of one API, so every scenario runs for every API.
 * A new API adds one entry here.
 */
export interface E2eApi {
  name: string;
  /** Declares the resource in the inline program. */
  declare(name: string, inputs: Inputs): pulumi.Resource;
  /** Base URL variables: where the provider process finds the emulator. */
  env(sandbox: Sandbox): Record<string, string>;
  /** Credentials as stack config (secrets), as a user would set them. */
  config(sandbox: Sandbox): Record<string, { value: string; secret?: boolean }>;
  /**
   * Issues a new credential for the same account and revokes the old one in the emulator: the
   * config to use from now on, and whether a request was made with the new credential.
   */
  rotateCredential(sandbox: Sandbox): { config: Record<string, { value: string; secret?: boolean }>; usesNewCredential(request: RecordedRequest): boolean };
  /** Puts the emulator back to its starting profile. */
  reset(sandbox: Sandbox): void;
  /** Every request the emulator received. */
  requests(sandbox: Sandbox): RecordedRequest[];
  /** Method and path of the write that updates an existing profile, and of the read. */
  writeRoute: { method: string; path: RegExp };
  readRoute: { method: string; path: RegExp };
  /** The requests that change the profile. */
  writes(sandbox: Sandbox): RecordedRequest[];
  /** The fields carried by one write, in request names, decoded from its wire format. */
  writtenFields(request: RecordedRequest): Record<string, unknown>;
  /** A program that differs from the emulator's starting profile in `differing` only. */
  initial: Inputs;
  differing: Record<string, unknown>;
  /** One field changed; the value the write must carry. */
  change: { inputs: Inputs; field: string; wire: Record<string, unknown> };
  /** Changes `field` in the emulator behind Pulumi's back. */
  drift(sandbox: Sandbox): { field: string };
  /** Inputs equal to what the emulator holds now (adoption writes nothing readable). */
  matching(sandbox: Sandbox): Inputs;
  /**
   * Write-only fields among `matching`: no read can show the API already holds them, so
   * adoption writes exactly these once (and nothing on the next up).
   */
  adoptionWritesOnce?: Record<string, unknown>;
  /**
   * Inputs over an existing profile that set `change.field` to a new value, for the
   * restoreOnDelete scenario. Default: `change.inputs` (singletons always exist).
   */
  restoreInputs?(sandbox: Sandbox): Inputs;
  /** For APIs whose profiles are objects: whether the object behind `id` still exists. */
  exists?(sandbox: Sandbox, id: string): boolean;
  /** Reads the emulator's current value of a managed field (for restore checks). */
  current(sandbox: Sandbox, field: string): unknown;
  /** An invalid input and the property check must name. */
  invalid: { inputs: Inputs; property: string };
  /** Every secret value in play (credentials and secret inputs): none may appear in CLI output, state, URLs or logs. */
  secrets(sandbox: Sandbox): string[];
}

const wavixCurrent = (sandbox: Sandbox, field: string): unknown => {
  const p = sandbox.wavix.emulator.profile;
  if (field === "time_zone") return p.timezone;
  return (p as unknown as Record<string, unknown>)[field];
};

export const wavixE2e: E2eApi = {
  name: "wavix",
  declare: (name, inputs) => new wavix.Profile(name, inputs),
  env: (s) => ({ WAVIX_BASE_URL: s.wavix.server.url }),
  config: (s) => ({ "wavix:apiKey": { value: s.wavix.emulator.apiKey, secret: true } }),
  // Wavix issues its keys; a Bearer header carries visible ASCII only, so no letters beyond it.
  rotateCredential: (s) => {
    const rotated = `wvx rotated!'()~&=<"${randomBytes(8).toString("hex")}`;
    s.wavix.emulator.rotateKey(rotated);
    return { config: { "wavix:apiKey": { value: rotated, secret: true } }, usesNewCredential: (r) => r.headers.authorization === `Bearer ${rotated}` };
  },
  reset: (s) => Object.assign(s.wavix.emulator.profile, defaultWavixProfile()),
  requests: (s) => s.wavix.server.requests,
  writeRoute: { method: "PUT", path: /^\/v1\/profile$/ },
  readRoute: { method: "GET", path: /^\/v1\/profile$/ },
  writes: (s) => s.wavix.server.log({ method: "PUT" }),
  writtenFields: (r) => JSON.parse(r.body) as Record<string, unknown>,
  initial: { first_name: "Jason", last_name: "Androux", job_title: "Platform lead", time_zone: "Europe/Berlin" },
  differing: { job_title: "Platform lead", time_zone: "Europe/Berlin" },
  change: { inputs: { first_name: "Jason", last_name: "Androux", job_title: "Platform lead", time_zone: "UTC" }, field: "time_zone", wire: { time_zone: "UTC" } },
  drift: (s) => {
    s.wavix.emulator.profile.job_title = "Changed in the Wavix portal";
    return { field: "job_title" };
  },
  matching: (s) => ({ first_name: s.wavix.emulator.profile.first_name, time_zone: s.wavix.emulator.profile.timezone }),
  current: wavixCurrent,
  invalid: { inputs: { time_zone: "Mars/Olympus" }, property: "time_zone" },
  secrets: (s) => [s.wavix.emulator.apiKey],
};

/**
 * Secret inputs with every character that travels differently in some encoding. Voximplant
 * documents only the password's minimum (8 characters, upper, lower, digit, special), and 2sms
 * no rule for SMSPassword beyond our 50-character cap, so both take the full range.
 */
const VOXIMPLANT_PASSWORD = `Pä ss!'()~&=<"Wörd-1`;
const VOXIMPLANT_SALT = `salt ~'()! &=<"Ñandú`;
const TWOSMS_PASSWORD = `Sms ~'()! &=<"Pässwörd-Ж`;

export const voximplantE2e: E2eApi = {
  name: "voximplant",
  declare: (name, inputs) => new voximplant.AccountInfo(name, inputs),
  reset: (s) => Object.assign(s.voximplant.emulator.account, defaultVoximplantAccount(s.voximplant.emulator.account.account_id)),
  requests: (s) => s.voximplant.server.requests,
  env: (s) => ({ VOXIMPLANT_BASE_URL: s.voximplant.server.url }),
  config: (s) => ({ "voximplant:credentials": { value: JSON.stringify(s.voximplant.emulator.credentials), secret: true } }),
  rotateCredential: (s) => {
    const rotated = s.voximplant.emulator.rotateKey();
    const kidOf = (r: RecordedRequest) => {
      const token = r.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
      return (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8") || "{}") as { kid?: string }).kid;
    };
    return { config: { "voximplant:credentials": { value: JSON.stringify(rotated), secret: true } }, usesNewCredential: (r) => kidOf(r) === rotated.key_id };
  },
  writeRoute: { method: "POST", path: /SetAccountInfo$/ },
  readRoute: { method: "POST", path: /GetAccountInfo$/ },
  writes: (s) => s.voximplant.server.log({ path: "/platform_api/SetAccountInfo" }),
  // Query string and form body together: secrets travel in the body.
  writtenFields: (r) => Object.fromEntries(platformApiParams({ ...r, query: new URLSearchParams(r.query) })),
  initial: { account_first_name: "Ivan", language_code: "de", news_notifications: false, new_account_password: VOXIMPLANT_PASSWORD, callback_salt: VOXIMPLANT_SALT },
  differing: { language_code: "de", news_notifications: "false", new_account_password: VOXIMPLANT_PASSWORD, callback_salt: VOXIMPLANT_SALT },
  change: {
    inputs: { account_first_name: "Ivan", language_code: "es", news_notifications: false, new_account_password: VOXIMPLANT_PASSWORD, callback_salt: VOXIMPLANT_SALT },
    field: "language_code",
    wire: { language_code: "es" },
  },
  drift: (s) => {
    s.voximplant.emulator.account.language_code = "fr";
    return { field: "language_code" };
  },
  matching: (s) => ({ account_first_name: s.voximplant.emulator.account.account_first_name, location: s.voximplant.emulator.account.location }),
  current: (s, field) => (s.voximplant.emulator.account as unknown as Record<string, unknown>)[field],
  invalid: { inputs: { language_code: "xx" }, property: "language_code" },
  secrets: (s) => [...s.voximplant.emulator.credentials.private_key.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----")), VOXIMPLANT_PASSWORD, VOXIMPLANT_SALT],
};

const twosmsRequired = (s: Sandbox) => {
  const a = s.twosms.emulator.account;
  return { ContactNumber: a.ContactNumber, EmailAddress: a.EmailAddress, SMSUsername: a.SMSUsername, TimeZone: a.TimeZone, SMSPassword: TWOSMS_PASSWORD };
};

export const twosmsE2e: E2eApi = {
  name: "twosms",
  declare: (name, inputs) => new twosms.Account(name, inputs),
  reset: (s) => Object.assign(s.twosms.emulator.account, defaultTwoSmsAccount(s.twosms.emulator.account.ID)),
  requests: (s) => s.twosms.server.requests,
  env: (s) => ({ TWOSMS_BASE_URL: s.twosms.server.url, TWOSMS_CLIENT_ID: s.twosms.emulator.clientId }),
  config: (s) => ({ "twosms:clientSecret": { value: s.twosms.emulator.clientSecret, secret: true } }),
  // A new client secret; the old one and every token issued with it stop working.
  rotateCredential: (s) => {
    const rotated = `cs ~'()! &=<"Ünïcödé-${randomBytes(8).toString("hex")}`;
    s.twosms.emulator.rotateClientSecret(rotated);
    const usesNewCredential = (r: RecordedRequest) =>
      r.path === "/Token" ? new URLSearchParams(r.body).get("client_secret") === rotated : s.twosms.emulator.tokens.has(r.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "");
    return { config: { "twosms:clientSecret": { value: rotated, secret: true } }, usesNewCredential };
  },
  writeRoute: { method: "PUT", path: /^\/api\/v2\/admin\/accounts\// },
  readRoute: { method: "GET", path: /^\/api\/v2\/admin\/accounts\// },
  writes: (s) => s.twosms.server.log({ method: "PUT" }),
  writtenFields: (r) => {
    // The required fields ride along on every PUT; the scenarios compare what else was written.
    const { ContactNumber, EmailAddress, SMSUsername, TimeZone, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
    void [ContactNumber, EmailAddress, SMSUsername, TimeZone];
    return rest;
  },
  initial: { SMSPassword: TWOSMS_PASSWORD, Name: "Example Ltd", FirstName: "Jordan", TwoFactorEnabled: true },
  differing: { SMSPassword: TWOSMS_PASSWORD, FirstName: "Jordan", TwoFactorEnabled: true },
  change: {
    inputs: { SMSPassword: TWOSMS_PASSWORD, Name: "Renamed Ltd", FirstName: "Jordan", TwoFactorEnabled: true },
    field: "Name",
    wire: { SMSPassword: TWOSMS_PASSWORD, Name: "Renamed Ltd" },
  },
  drift: (s) => {
    s.twosms.emulator.account.FirstName = "Changed in the portal";
    return { field: "FirstName" };
  },
  // SMSPassword is readable: set to what the account holds, adoption writes nothing, as for every API.
  matching: (s) => ({ Name: s.twosms.emulator.account.Name, ...twosmsRequired(s), SMSPassword: s.twosms.emulator.account.SMSPassword }),
  current: (s, field) => (s.twosms.emulator.account as unknown as Record<string, unknown>)[field],
  invalid: { inputs: { SMSPassword: "sms-secret-x", ContactNumber: "12ab" }, property: "ContactNumber" },
  secrets: (s) => [s.twosms.emulator.clientSecret, TWOSMS_PASSWORD, ...s.twosms.emulator.tokens.keys()],
};

const newestTwilioProfile = (s: Sandbox) => [...s.twilio.emulator.profiles.values()].at(-1)!;
const TWILIO_FIELDS: Record<string, string> = { FriendlyName: "friendly_name", Email: "email", StatusCallback: "status_callback", Status: "status" };
const twilioBase = { FriendlyName: "Acme Support", Email: "compliance@acme.example", PolicySid: SANDBOX_POLICY_SID };

export const twilioE2e: E2eApi = {
  name: "twilio",
  declare: (name, inputs) => new twilio.CustomerProfile(name, inputs),
  reset: (s) => s.twilio.emulator.profiles.clear(),
  requests: (s) => s.twilio.server.requests,
  env: (s) => ({ TWILIO_TRUSTHUB_BASE_URL: s.twilio.server.url }),
  config: (s) => ({ "twilio:accountSid": { value: s.twilio.emulator.accountSid }, "twilio:authToken": { value: s.twilio.emulator.authToken, secret: true } }),
  // From the Auth Token to an API key whose secret holds every awkward character (it travels
  // base64-encoded in HTTP Basic); the old Auth Token is rotated away and stops working.
  rotateCredential: (s) => {
    const key = s.twilio.emulator.issueApiKey(`sk ~'()! &=<"ßecret-${randomBytes(8).toString("hex")}`);
    s.twilio.emulator.rotateAuthToken();
    const basic = `Basic ${Buffer.from(`${key.sid}:${key.secret}`).toString("base64")}`;
    return { config: { "twilio:apiKey": { value: key.sid }, "twilio:apiSecret": { value: key.secret, secret: true } }, usesNewCredential: (r) => r.headers.authorization === basic };
  },
  writeRoute: { method: "POST", path: /^\/v1\/CustomerProfiles\/BU/ },
  readRoute: { method: "GET", path: /^\/v1\/CustomerProfiles\/BU/ },
  writes: (s) => s.twilio.server.log({ method: "POST" }),
  writtenFields: (r) => Object.fromEntries(new URLSearchParams(r.body)),
  initial: twilioBase,
  // A new object: the create carries every field.
  differing: twilioBase,
  change: { inputs: { ...twilioBase, Email: "trust@acme.example" }, field: "Email", wire: { Email: "trust@acme.example" } },
  drift: (s) => {
    newestTwilioProfile(s).friendly_name = "Renamed in the Twilio console";
    return { field: "FriendlyName" };
  },
  matching: (s) => {
    const existing = s.twilio.emulator.seed({ friendly_name: "Existing Ltd", email: "existing@acme.example" });
    return { sid: existing.sid, FriendlyName: "Existing Ltd", Email: "existing@acme.example" };
  },
  restoreInputs: (s) => {
    const existing = s.twilio.emulator.seed({ friendly_name: "Existing Ltd", email: "before@acme.example" });
    return { sid: existing.sid, Email: "trust@acme.example" };
  },
  exists: (s, id) => s.twilio.emulator.profiles.has(id),
  current: (s, field) => (newestTwilioProfile(s) as unknown as Record<string, unknown>)[TWILIO_FIELDS[field] ?? field],
  invalid: { inputs: { ...twilioBase, Status: "twilio-approved" }, property: "Status" },
  secrets: (s) => [s.twilio.emulator.authToken, ...s.twilio.emulator.apiKeys.values()],
};

export const e2eApis: E2eApi[] = [wavixE2e, voximplantE2e, twosmsE2e, twilioE2e];

/**
 * Every credential that crossed the wire: Bearer tokens (API keys, Voximplant JWTs, 2sms access
 * tokens) and Basic passwords, as the emulators received them.
 */
export function credentialsSeen(sandbox: Sandbox): string[] {
  const seen = new Set<string>();
  for (const server of Object.values(sandbox.servers)) {
    for (const authorization of server.authorizations) {
      const [scheme, value] = authorization.split(/\s+/, 2);
      if (!value) continue;
      seen.add(value);
      if (/^basic$/i.test(scheme!)) seen.add(Buffer.from(value, "base64").toString("utf8").split(":").slice(1).join(":"));
    }
  }
  return [...seen].filter((v) => v.length >= 8);
}
