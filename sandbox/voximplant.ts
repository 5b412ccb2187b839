import { createVerify, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { json, type Emulator, type EmulatorRequest, type EmulatorResponse } from "./framework";
import { platformApiParams } from "./platformApiParams";
import { SET_ACCOUNT_INFO_BILLING_COUNTRIES, SET_ACCOUNT_INFO_LANGUAGES } from "./voximplantLists";

/**
 * Voximplant Management API, GetAccountInfo and SetAccountInfo. Authentication is a
 * service-account JWT, verified for real: RS256 signature against the public key of the key
 * pair this sandbox generated, `kid` known, `iss` the key's account, `iat ≤ now ≤ exp`,
 * `exp − iat ≤ 3600` (voximplant.com/docs/guides/managementapi/jwt), with the clock skew real
 * clients live with tolerated (see CLOCK_SKEW_S). Parameters come from the query, a multipart,
 * urlencoded or JSON body (platformApiParams.ts); the method from the path or `cmd`, over GET
 * or POST. Errors are `{"error":{"msg","code"}}` with HTTP 200, as the official clients expect.
 */
export interface VoximplantCredentials {
  account_email: string;
  account_id: number;
  key_id: string;
  private_key: string;
}

export interface VoximplantAccount {
  account_id: number;
  account_name: string;
  account_email: string;
  created: string;
  active: boolean;
  frozen: boolean;
  balance: number;
  currency: string;
  language_code: string;
  location: string;
  account_first_name: string;
  account_last_name: string;
  min_balance_to_notify: number;
  account_notifications: boolean;
  tariff_changing_notifications: boolean;
  news_notifications: boolean;
  send_js_error: boolean;
  billing_address_name: string;
  billing_address_country_code: string;
  billing_address_address: string;
  billing_address_zip: string;
  billing_address_phone: string;
  account_custom_data: string;
  callback_url: string;
  /** Readable in GetAccountInfo (voximplant.com/docs/references/httpapi/accountinfotype). */
  callback_salt: string;
}

export function defaultVoximplantAccount(accountId: number): VoximplantAccount {
  return {
    account_id: accountId,
    account_name: "ivan123",
    account_email: "ivan123@example.com",
    created: "2020-08-07 12:00:53",
    active: true,
    frozen: false,
    balance: 19772.35,
    currency: "USD",
    language_code: "en",
    location: "Europe/Moscow",
    account_first_name: "Ivan",
    account_last_name: "Petrov",
    min_balance_to_notify: 300,
    account_notifications: true,
    tariff_changing_notifications: true,
    news_notifications: true,
    send_js_error: false,
    billing_address_name: "Ivan Petrov",
    billing_address_country_code: "US",
    billing_address_address: "1 Market St, San Francisco",
    billing_address_zip: "94105",
    billing_address_phone: "+14155550100",
    account_custom_data: "",
    callback_url: "",
    callback_salt: "",
  };
}

const fail = (code: number, msg: string): EmulatorResponse => json(200, { error: { msg, code } });

/**
 * How far a token's clock may be from ours. Vendor clients sign with their host's clock: the
 * Node client uses iat = now, exp = now + 64 (apiclient-nodejs dist/index.js
 * `generateAuthHeader`), the Python client iat = now − 5, exp = now + 24 (apiclient-python
 * apiclient.py). A host a little ahead or behind must not be locked out; the real leeway is
 * undocumented, so this is the emulator's choice.
 */
export const CLOCK_SKEW_S = 30;

const BOOLEANS = ["account_notifications", "tariff_changing_notifications", "news_notifications", "send_js_error", "store_outbound_sms", "store_inbound_sms"];
const MAX_LENGTH: Record<string, [number, number, string]> = {
  account_first_name: [50, 163, "account_first_name length must be less than 50"],
  account_last_name: [50, 164, "account_last_name length must be less than 50"],
  billing_address_name: [200, 205, "billing_address_name length must be less than 200"],
  billing_address_address: [512, 206, "billing_address_address length must be less than 512"],
  billing_address_zip: [30, 207, "billing_address_zip length must be less than 30"],
  billing_address_phone: [30, 208, "billing_address_phone length must be less than 30"],
  account_custom_data: [8192, 211, "account_custom_data length must be less than 8192"],
  // apiclient-nodejs dist/Enums.d.ts: CALLBACK_SALT_INVALID = 399, "length should be less than 40".
  callback_salt: [40, 399, "The 'callback_salt' parameter length should be less than 40"],
};
const KNOWN = new Set([
  "new_account_email", "new_account_password", "language_code", "location", "min_balance_to_notify", "billing_address_country_code",
  "callback_url", ...BOOLEANS, ...Object.keys(MAX_LENGTH),
]);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A service-account key pair: the private half goes into credentials.json, the public half verifies its tokens. */
export interface VoximplantKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** An account added with `addAccount`, and its service-account credentials.json. */
export interface VoximplantAddedAccount {
  account: VoximplantAccount;
  credentials: VoximplantCredentials;
}

/** What the emulator keeps of an account: what GetAccountInfo shows, and the parameters it never shows. */
interface AccountRecord {
  account: VoximplantAccount;
  hidden: Record<string, string>;
}

const newKeyPair = (): VoximplantKeyPair => generateKeyPairSync("rsa", { modulusLength: 2048 });

export class VoximplantEmulator implements Emulator {
  readonly name = "voximplant";
  credentials: VoximplantCredentials;
  readonly account: VoximplantAccount;
  /** Parameters GetAccountInfo never shows, as last set. */
  readonly hidden: Record<string, string> = {};
  /**
   * A second, unrelated account. A service-account key belongs to one account (the JWT's `iss`
   * must be it, voximplant.com/docs/guides/managementapi/jwt), and GetAccountInfo/SetAccountInfo
   * take no account parameter under JWT auth: they act on the key's account, whose `account_id`
   * the answer carries (voximplant.com/docs/references/httpapi/accountinfotype, "The account's ID").
   */
  readonly otherAccount: VoximplantAccount;
  private otherKey: VoximplantCredentials | undefined;
  /** Every account by id, with the parameters it never shows. */
  private readonly accounts = new Map<number, AccountRecord>();
  private readonly keys = new Map<string, { accountId: number; publicKey: KeyObject }>();
  /** The key pair accounts added in bulk share, made on first use (see addAccount). */
  private sharedKeyPair: VoximplantKeyPair | undefined;
  /** The PEM of each private key handed out, exported once per pair. */
  private readonly privatePems = new WeakMap<KeyObject, string>();
  /** The id the next added account takes. */
  private nextAccountId = 5_000_001;

  constructor(accountId = 3456750, otherAccountId = 4567891) {
    this.account = defaultVoximplantAccount(accountId);
    this.accounts.set(accountId, { account: this.account, hidden: this.hidden });
    // Its own name and email: both identify an account (error 128 "Account's email is not unique",
    // voximplant.com/docs/references/httpapi/errors).
    this.otherAccount = this.register({ ...defaultVoximplantAccount(otherAccountId), account_name: "maria456", account_email: "maria456@example.com", account_first_name: "Maria", account_last_name: "Ivanova" });
    this.credentials = this.issueKey(accountId);
  }

  /**
   * The second account's credentials.json. Made on first use: an RSA key pair costs a few hundred
   * milliseconds of CPU, and most sandboxes never use the second account.
   */
  get otherCredentials(): VoximplantCredentials {
    this.otherKey ??= this.issueKey(this.otherAccount.account_id);
    return this.otherKey;
  }

  /**
   * A further, unrelated account (the next account id, a name and email of its own unless
   * `fields` say otherwise) with a service-account key of its own id. Its key pair is
   * `keyPair` if given, else one the emulator's added accounts share: making an RSA pair costs
   * a few hundred milliseconds, so a fleet of hundreds shares one. Each account's key id still
   * names that account alone, and a token must carry the key's own account as `iss`; but a
   * token signed with one shared pair under another account's key id and `iss` passes, so a
   * test of cryptographic separation passes pairs of its own.
   */
  addAccount(fields: Partial<VoximplantAccount> = {}, { keyPair }: { keyPair?: VoximplantKeyPair } = {}): VoximplantAddedAccount {
    const id = fields.account_id ?? this.nextAccountId++;
    const account = this.register({ ...defaultVoximplantAccount(id), account_name: `account${id}`, account_email: `account${id}@example.com`, ...fields, account_id: id });
    return { account, credentials: this.issueKey(id, keyPair ?? (this.sharedKeyPair ??= newKeyPair())) };
  }

  private register(account: VoximplantAccount): VoximplantAccount {
    if (this.accounts.has(account.account_id)) throw new Error(`Voximplant account ${account.account_id} exists already`);
    this.accounts.set(account.account_id, { account, hidden: {} });
    return account;
  }

  /** A new service-account key for the account (key rotation), with a key pair of its own unless one is given. */
  issueKey(accountId = this.credentials.account_id, keyPair: VoximplantKeyPair = newKeyPair()): VoximplantCredentials {
    const keyId = randomBytes(16).toString("hex");
    this.keys.set(keyId, { accountId, publicKey: keyPair.publicKey });
    const email = this.accounts.get(accountId)?.account.account_email ?? "ivan123@example.com";
    return { account_email: email, account_id: accountId, key_id: keyId, private_key: this.privatePem(keyPair.privateKey) };
  }

  private privatePem(key: KeyObject): string {
    let pem = this.privatePems.get(key);
    if (pem === undefined) {
      pem = key.export({ type: "pkcs8", format: "pem" }).toString();
      this.privatePems.set(key, pem);
    }
    return pem;
  }

  /** A new key replaces the current one, which is revoked: tokens it signs fail from now on. */
  rotateKey(): VoximplantCredentials {
    const previous = this.credentials.key_id;
    this.credentials = this.issueKey();
    this.keys.delete(previous);
    return this.credentials;
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    const params = platformApiParams(req);
    const method = req.path.match(/^\/platform_api\/?([A-Za-z]+)?\/?$/)?.[1] ?? params.get("cmd") ?? undefined;
    if (!req.path.startsWith("/platform_api")) return json(404, { error: { msg: "Not found", code: 103 } });
    if (!method) return fail(102, "Missing 'cmd' parameter");
    const caller = this.authenticate(req.headers.authorization);
    if (typeof caller === "string") return fail(100, caller);
    if (method === "GetAccountInfo") return json(200, { result: caller.account, api_address: "api-node1.voximplant.com", debugger_address: "api-node1.voximplant.com" });
    if (method === "SetAccountInfo") return this.setAccountInfo(caller, params);
    return fail(103, "Unknown command");
  }

  /** The account the token's key belongs to, or why the token is refused. */
  private authenticate(header: string | undefined): string | AccountRecord {
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) return "Authorization failed: no Bearer token";
    const [headerPart, payloadPart, signature] = token.split(".");
    if (!headerPart || !payloadPart || !signature) return "Authorization failed: malformed JWT";
    const head = decodeSegment(headerPart);
    const claims = decodeSegment(payloadPart);
    if (!head || !claims) return "Authorization failed: malformed JWT";
    if (head.alg !== "RS256") return "Authorization failed: alg must be RS256";
    const key = typeof head.kid === "string" ? this.keys.get(head.kid) : undefined;
    if (!key) return "Authorization failed: unknown key id";
    const valid = createVerify("RSA-SHA256").update(`${headerPart}.${payloadPart}`).verify(key.publicKey, Buffer.from(signature, "base64url"));
    if (!valid) return "Authorization failed: invalid signature";
    const now = Math.floor(Date.now() / 1000);
    const { iss, iat, exp } = claims as { iss?: unknown; iat?: unknown; exp?: unknown };
    if (iss !== key.accountId) return "Authorization failed: iss is not the key's account";
    if (typeof iat !== "number" || typeof exp !== "number") return "Authorization failed: iat and exp are required";
    if (iat > now + CLOCK_SKEW_S) return "Authorization failed: token used before iat";
    if (now > exp + CLOCK_SKEW_S) return "Authorization failed: token expired";
    if (exp - iat > 3600) return "Authorization failed: exp may be at most iat + 3600";
    return this.accounts.get(key.accountId) ?? "Authorization failed: the key's account does not exist";
  }

  /**
   * SetAccountInfo's documented rules, each answered with the code Voximplant lists for it
   * (voximplant.com/docs/references/httpapi/errors; @voximplant/apiclient-nodejs 4.11.0
   * dist/Enums.d.ts `APIErrorCode`; voximplant/apiclient-php src/Enum/Errors.php).
   */
  private setAccountInfo(target: AccountRecord, params: URLSearchParams): EmulatorResponse {
    // No Voximplant source says unknown parameters are refused: this strictness is the
    // emulator's own, to catch a client sending a name SetAccountInfo does not document.
    for (const name of params.keys()) if (!KNOWN.has(name) && name !== "cmd") return fail(101, `Invalid arguments: unknown parameter ${name}`);
    // 136 "Invalid email".
    const email = params.get("new_account_email");
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return fail(136, "Invalid email");
    // The reference: "at least 8 characters long and contain at least one uppercase and lowercase
    // letter, one number, and one special character". Enums.d.ts has 464
    // REQUIRED_CHARACTERS_NEW_PASSWORD ("at least 8 characters long and contain uppercase
    // characters (A-Z)") and 523 PASSWORD_TOO_WEAK ("Password is too weak"); which code answers
    // which missing class is not documented, so length and uppercase get 464's text, the rest 523.
    const password = params.get("new_account_password");
    if (password !== null) {
      if (password.length < 8 || !/[A-Z]/.test(password)) return fail(464, "Password should be at least 8 characters long and contain uppercase characters (A-Z)");
      if (!/[a-z]/.test(password) || !/\d/.test(password) || !/[^A-Za-z0-9]/.test(password)) return fail(523, "Password is too weak");
    }
    // 202 INVALID_LANGUAGE_CODE: "The following values are available: aa (Afar), …" (the list as documented).
    const language = params.get("language_code");
    if (language !== null && !Object.hasOwn(SET_ACCOUNT_INFO_LANGUAGES, language)) return fail(202, "The 'language_code' parameter is invalid");
    // 204 INVALID_BILLING_ADDRESS_COUNTRY_CODE: only the documented countries (no HK, for one).
    const country = params.get("billing_address_country_code");
    if (country !== null && !Object.hasOwn(SET_ACCOUNT_INFO_BILLING_COUNTRIES, country)) return fail(204, "The 'billing_address_country_code' parameter is invalid");
    // "The account location (timezone). Examples: America/Los_Angeles, Etc/GMT-8, Etc/GMT+10".
    // The error list has no code of its own for a location, so the generic 101.
    const location = params.get("location");
    if (location !== null) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: location });
      } catch {
        return fail(101, "Invalid arguments: location");
      }
    }
    // 125 "Invalid money amount".
    const minBalance = params.get("min_balance_to_notify");
    if (minBalance !== null && !(/^\d+(\.\d+)?$/.test(minBalance))) return fail(125, "Invalid money amount");
    for (const name of BOOLEANS) {
      const value = params.get(name);
      if (value !== null && value !== "true" && value !== "false") return fail(101, `Invalid arguments: ${name} must be true or false`);
    }
    // 398 INVALID_CALLBACK_URL: the cloud POSTs account events to it, so it must be an http(s) URL.
    const callbackUrl = params.get("callback_url");
    if (callbackUrl !== null && callbackUrl !== "" && !isHttpUrl(callbackUrl)) return fail(398, "The 'callback_url' parameter is invalid");
    // 163, 164, 205–208, 211, 399: "length should be less than N".
    for (const [name, [max, code, msg]] of Object.entries(MAX_LENGTH)) if ((params.get(name)?.length ?? 0) >= max) return fail(code, msg);

    const account = target.account as unknown as Record<string, unknown>;
    for (const [name, value] of params) {
      if (name === "cmd") continue;
      if (name === "new_account_email") target.account.account_email = value;
      else if (["new_account_password", "store_outbound_sms", "store_inbound_sms"].includes(name)) target.hidden[name] = value;
      else if (BOOLEANS.includes(name)) account[name] = value === "true";
      else if (name === "min_balance_to_notify") account[name] = Number(value);
      else account[name] = value;
    }
    return json(200, { result: 1 });
  }
}
