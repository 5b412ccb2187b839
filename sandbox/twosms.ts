import { randomBytes, randomUUID } from "node:crypto";
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { Emulator, EmulatorRequest, EmulatorResponse } from "./framework";

/**
 * 2sms SMS+ admin accounts API: `POST /Token` (OAuth2 client credentials, 8-hour bearer
 * tokens), `GET api/v1/admin/accounts`, `GET`/`PUT api/v2/admin/accounts/{id}` in JSON or XML
 * by Content-Type and Accept, required fields and documented patterns checked, errors in the
 * ResponseOf… envelope in the request's own format.
 */
export interface TwoSmsAccountRecord {
  ID: string;
  AccountID: string;
  Address: string;
  ContactNumber: string;
  Disclaimer: string;
  EmailAddress: string;
  FirstName: string;
  LanguageID: string;
  LastName: string;
  Logo: string;
  LogoName: string;
  Name: string;
  SMSPassword: string;
  SMSUsername: string;
  TimeZone: string;
  TwoFactorEnabled: boolean;
  Website: string;
  DateCreated: string;
  DateModified: string;
}

const CONTACT_NUMBER = /^(?=.*?\d.*?\d.*?\d.*?\d.*?\d)([+]?)([\d\s\(\)-]{5,20})$/;
const EMAIL_ADDRESS = /^([0-9a-zA-Z]([-.\w']*[0-9a-zA-Z])*@([0-9a-zA-Z][-\w']*[0-9a-zA-Z]\.)+[a-zA-Z]{2,9})$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const REQUIRED = ["ContactNumber", "EmailAddress", "SMSPassword", "SMSUsername", "TimeZone"] as const;
const UPDATABLE = ["Address", "ContactNumber", "Disclaimer", "EmailAddress", "FirstName", "LanguageID", "LastName", "Logo", "LogoName", "Name", "SMSPassword", "SMSUsername", "TimeZone", "TwoFactorEnabled", "Website"];
const TOKEN_LIFETIME_S = 28_799;
const NS = { "@_xmlns:xsd": "http://www.w3.org/2001/XMLSchema", "@_xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" };

export function defaultTwoSmsAccount(id: string = randomUUID()): TwoSmsAccountRecord {
  return {
    ID: id,
    AccountID: "6da13132-2c39-4a07-ac1d-0b6d6858b912",
    Address: "10 Downing Street, London",
    ContactNumber: "+44 20 7946 0000",
    Disclaimer: "Sent via 2sms",
    EmailAddress: "admin@example.co.uk",
    FirstName: "Alex",
    LanguageID: "b5a5fa3c-c4d0-4721-88ff-b975bbccb45d",
    LastName: "Smith",
    Logo: "",
    LogoName: "",
    Name: "Example Ltd",
    SMSPassword: "initial-sms-password",
    SMSUsername: "example-sms",
    TimeZone: "GMT Standard Time",
    TwoFactorEnabled: false,
    Website: "https://example.co.uk",
    DateCreated: "2024-11-21T08:29:51.758918+00:00",
    DateModified: "2024-11-21T08:29:51.758918+00:00",
  };
}

let windowsZoneIds: ReadonlySet<string> | undefined;

function isTimeZoneId(id: string): boolean {
  windowsZoneIds ??= new Set((require("windows-iana") as typeof import("windows-iana")).WINDOWS_TO_IANA_MAP.map((zone) => zone.windowsName));
  if (windowsZoneIds.has(id)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

type Format = "json" | "xml";
// String elements keep their whitespace, as .NET's XML serializers keep it.
const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, removeNSPrefix: true });
const xmlBuilder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

/** An API client (Settings → API Clients) and the account it signs in as. */
interface ApiClient {
  secret: () => string;
  account: TwoSmsAccountRecord;
}

/** A company added with `addApiClient`: its parent account and the API client that signs in as it. */
export interface TwoSmsClientAccount {
  clientId: string;
  clientSecret: string;
  account: TwoSmsAccountRecord;
}

/** Fields of a new subaccount: its parent is named apart, as POST api/v1/admin/accounts/{id} names it in the path. */
export type TwoSmsSubAccountFields = Partial<Omit<TwoSmsAccountRecord, "AccountID">>;

const newClientId = () => `client-${randomBytes(6).toString("hex")}`;
const newClientSecret = () => randomBytes(24).toString("base64url");

export class TwoSmsEmulator implements Emulator {
  readonly name = "twosms";
  readonly clientId = newClientId();
  clientSecret = newClientSecret();
  /** Issued tokens and when they expire (ms). */
  readonly tokens = new Map<string, number>();
  tokenRequests = 0;
  /** The account each issued token signs in as. */
  private readonly tokenAccounts = new Map<string, TwoSmsAccountRecord>();
  /** API clients by client id. */
  private readonly clients = new Map<string, ApiClient>();
  /** Every account, in the order added. */
  private readonly records: TwoSmsAccountRecord[] = [];
  /** Accounts by lower-case ID: what `find` looks in first. */
  private readonly byId = new Map<string, TwoSmsAccountRecord>();
  /** The account the API client belongs to: what `GET api/v1/admin/accounts` answers. */
  readonly account: TwoSmsAccountRecord = this.register(defaultTwoSmsAccount());
  /**
   * The primary account's subaccount: its `AccountID` ("The unique identifier for the parent
   * account", portal.2sms.us/Help/ResourceModel?modelName=AccountV3) is the primary's ID, as
   * POST api/v1/admin/accounts/{id} links a new subaccount to the master account id it is given
   * (portal.2sms.us/Help/Api/POST-api-v1-admin-accounts-id). The primary's client may read and
   * update it; no client signs in as it here.
   */
  readonly subAccount: TwoSmsAccountRecord = this.addSubAccount(this.account.ID, { Name: "Example Branch", EmailAddress: "branch@example.co.uk", SMSUsername: "example-branch" });
  /** A second, unrelated company: its own parent account with an API client of its own. */
  private readonly other = this.addApiClient({ Name: "Another Company Ltd", EmailAddress: "admin@another.example", SMSUsername: "another-sms" });
  readonly otherAccount: TwoSmsAccountRecord = this.other.account;
  readonly otherClientId = this.other.clientId;
  readonly otherClientSecret = this.other.clientSecret;
  /** Further subaccounts of the primary account (`addAccount`), which the primary's client may administer too. */
  readonly extraSubAccounts: TwoSmsAccountRecord[] = [];

  constructor() {
    this.clients.set(this.clientId, { secret: () => this.clientSecret, account: this.account });
  }

  /** Adds a subaccount of the primary account, which the primary's client may read and update by its ID. */
  addAccount(fields: TwoSmsSubAccountFields = {}): TwoSmsAccountRecord {
    const record = this.addSubAccount(this.account.ID, fields);
    this.extraSubAccounts.push(record);
    return record;
  }

  /**
   * A further, unrelated company: a parent account of its own (its `AccountID` names no account
   * here, as the primary's names none) and an API client that signs in as it. Its client
   * reaches that account and, by ID, the subaccounts added under it; no other.
   */
  addApiClient(fields: Partial<TwoSmsAccountRecord> = {}): TwoSmsClientAccount {
    const n = this.records.length + 1;
    const account = this.register({ ...defaultTwoSmsAccount(), AccountID: randomUUID(), Name: `Company ${n} Ltd`, EmailAddress: `admin@company-${n}.example`, SMSUsername: `company-${n}`, ...fields });
    const client = { clientId: newClientId(), clientSecret: newClientSecret(), account };
    this.clients.set(client.clientId, { secret: () => client.clientSecret, account });
    return client;
  }

  /** A subaccount of `parentAccountId`, which the parent's client (and any ancestor's) may read and update by its ID. */
  addSubAccount(parentAccountId: string, fields: TwoSmsSubAccountFields = {}): TwoSmsAccountRecord {
    const parent = this.find(parentAccountId);
    if (!parent) throw new Error(`2sms account ${parentAccountId} does not exist`);
    const n = this.records.length + 1;
    return this.register({ ...defaultTwoSmsAccount(), Name: `Branch ${n}`, EmailAddress: `branch-${n}@example.co.uk`, SMSUsername: `branch-${n}`, ...fields, AccountID: parent.ID });
  }

  private register(record: TwoSmsAccountRecord): TwoSmsAccountRecord {
    const key = record.ID.toLowerCase();
    // The index alone: looking at every record for each of thousands added would be quadratic.
    if (this.byId.get(key)?.ID.toLowerCase() === key) throw new Error(`2sms account ${record.ID} exists already`);
    this.records.push(record);
    this.byId.set(key, record);
    return record;
  }

  /**
   * The account with this ID; GUIDs compare case-insensitively, as .NET's Guid does. Records
   * are plain objects tests may change in place (a restored snapshot brings its own IDs), so
   * an index entry is trusted only while its record still has that ID; otherwise every record
   * is looked at.
   */
  private find(id: string): TwoSmsAccountRecord | undefined {
    const key = id.toLowerCase();
    const indexed = this.byId.get(key);
    if (indexed && indexed.ID.toLowerCase() === key) return indexed;
    const found = this.records.find((record) => record.ID.toLowerCase() === key);
    if (found) this.byId.set(key, found);
    return found;
  }

  /** Makes every issued token invalid, as a server-side revocation would. */
  revokeTokens(): void {
    this.tokens.clear();
    this.tokenAccounts.clear();
  }

  /** A new client secret replaces the old one, and the tokens issued so far are revoked. */
  rotateClientSecret(next: string): void {
    this.clientSecret = next;
    this.revokeTokens();
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    if (req.method === "POST" && req.path === "/Token") return this.token(req);
    const format: Format = /xml/i.test(req.headers.accept ?? "") ? "xml" : "json";
    const requestFormat: Format = /xml/i.test(req.headers["content-type"] ?? "") ? "xml" : "json";
    const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    const caller = token ? this.tokenAccounts.get(token) : undefined;
    if (expires === undefined || expires < Date.now() || !caller) return this.envelope(401, req.method === "PUT" ? requestFormat : format, "ResponseOfObject", { ErrorCode: "Unauthorised", ErrorReason: "Authorization has been denied for this request." });

    // "retrieves the account details for the logged in user" (portal.2sms.us/Help/Api/GET-api-v1-admin-accounts).
    if (req.method === "GET" && req.path === "/api/v1/admin/accounts") return this.envelope(200, format, "ResponseOfAccountV2", { detail: caller, caller });
    const listed = req.method === "GET" ? req.path.match(/^\/api\/v1\/admin\/accounts\/([^/]+)\/accounts$/)?.[1] : undefined;
    if (listed !== undefined) return this.listAccounts(format, caller, listed);
    const match = req.path.match(/^\/api\/v2\/admin\/accounts\/([^/]+)$/);
    if (!match) return this.envelope(404, format, "ResponseOfObject", { ErrorCode: "NotFound", ErrorReason: "No such resource" });
    // "will return data only if the authenticated user is authorised to access the account, else
    // it will return a HTTP 401 error" (plus.2sms.com/Help/Api/GET-api-v2-admin-accounts-id): the
    // same 401 for another company's account and for an id that exists nowhere.
    // `id`: "globally unique identifier, Required"; "The system will check … that the account Id
    // is valid" (PUT-api-v2-admin-accounts-id). Text that is not a GUID names no account at all.
    if (!GUID.test(match[1]!)) return this.envelope(400, req.method === "PUT" ? requestFormat : format, "ResponseOfObject", { ErrorCode: "InvalidRequest", ErrorReason: `The account Id '${match[1]}' is not valid.` });
    const target = this.accessible(caller, match[1]!);
    if (!target) return this.envelope(401, format, "ResponseOfObject", { ErrorCode: "Unauthorised", ErrorReason: "You are not authorised to access this account" });
    if (req.method === "GET") return this.envelope(200, format, "ResponseOfAccountV2", { detail: target, caller });
    if (req.method === "PUT") return this.update(req, requestFormat, target, caller);
    return this.envelope(405, format, "ResponseOfObject", { ErrorCode: "MethodNotAllowed", ErrorReason: `${req.method} is not allowed` });
  }

  /**
   * GET api/v1/admin/accounts/{id}/accounts (portal.2sms.us/Help/Api/GET-api-v1-admin-accounts-id-accounts_Name_MobilePhone_EmailAddress):
   * "retrieves all the accounts that the authenticated user is allowed to view. It will return
   * the master account first, followed by all the sub-accounts that the user has been granted
   * access. The sub-accounts are order by the name field … else … HTTP 401"; `{id}` is "The
   * parent account". Items are the smaller `Account` model (ID, and AccountID: "The unique
   * identifier for the parent account"); no paging is documented.
   */
  private listAccounts(format: Format, caller: TwoSmsAccountRecord, id: string): EmulatorResponse {
    const master = GUID.test(id) ? this.accessible(caller, id) : undefined;
    if (!master) return this.envelope(401, format, "ResponseOfObject", { ErrorCode: "Unauthorised", ErrorReason: "You are not authorised to access this account" });
    const below = this.records.filter((record) => record !== master && this.accessible(master, record.ID)).sort((a, b) => a.Name.localeCompare(b.Name));
    const items = [master, ...below].map((r) => ({ ID: r.ID, AccountID: r.AccountID, Name: r.Name, EmailAddress: r.EmailAddress }));
    return this.envelope(200, format, "ResponseOfListOfAccount", { detail: format === "json" ? items : { Account: items }, caller });
  }

  /** The account `id` names, if `caller` is it or one of its ancestors. */
  private accessible(caller: TwoSmsAccountRecord, id: string): TwoSmsAccountRecord | undefined {
    const target = this.find(id);
    const seen = new Set<TwoSmsAccountRecord>();
    for (let account = target; account && !seen.has(account); account = this.find(account.AccountID)) {
      if (account === caller) return target;
      seen.add(account);
    }
    return undefined;
  }

  private token(req: EmulatorRequest): EmulatorResponse {
    this.tokenRequests += 1;
    const form = new URLSearchParams(req.body);
    const json = (status: number, body: unknown): EmulatorResponse => ({ status, headers: { "content-type": "application/json;charset=UTF-8" }, body: JSON.stringify(body) });
    if (form.get("grant_type") !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
    const client = this.clients.get(form.get("client_id") ?? "");
    if (!client || client.secret() !== form.get("client_secret")) return json(400, { error: "invalid_client", error_description: "The client_id or client_secret is incorrect." });
    const accessToken = randomBytes(32).toString("base64url");
    this.tokens.set(accessToken, Date.now() + TOKEN_LIFETIME_S * 1000);
    this.tokenAccounts.set(accessToken, client.account);
    return json(200, { access_token: accessToken, token_type: "bearer", expires_in: TOKEN_LIFETIME_S });
  }

  /**
   * PUT api/v2/admin/accounts/{id} as the help page documents AccountV3
   * (plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id). The page is ASP.NET Web API's help
   * page, which prints every validation attribute a field has (Required, patterns, lengths, data
   * types) and "None." where there is none, and names each field's .NET type ("globally unique
   * identifier", "boolean"). The ErrorCode values are not published, so "ValidationError" and
   * the reasons' wording are the emulator's; each reason names its field.
   */
  private update(req: EmulatorRequest, format: Format, target: TwoSmsAccountRecord, caller: TwoSmsAccountRecord): EmulatorResponse {
    let body: Record<string, unknown>;
    try {
      body = this.parseBody(req.body, format);
    } catch (err) {
      return this.envelope(400, format, "ResponseOfObject", { ErrorCode: "InvalidRequest", ErrorReason: `The request body is invalid: ${(err as Error).message}` });
    }
    const invalid = (reason: string) => this.envelope(400, format, "ResponseOfObject", { ErrorCode: "ValidationError", ErrorReason: reason });
    // "Required" on ContactNumber, EmailAddress, SMSPassword, SMSUsername, TimeZone.
    const missing = REQUIRED.filter((field) => body[field] === undefined || body[field] === "");
    if (missing.length > 0) return invalid(`The ${missing[0]} field is required.`);
    // "Matching regular expression pattern: …" on ContactNumber and EmailAddress.
    if (!CONTACT_NUMBER.test(String(body.ContactNumber))) return invalid("The field ContactNumber must match the regular expression.");
    if (!EMAIL_ADDRESS.test(String(body.EmailAddress))) return invalid("The field EmailAddress must match the regular expression.");
    // LanguageID is a "globally unique identifier" (System.Guid): text that is not one does not bind.
    if (body.LanguageID !== undefined && body.LanguageID !== "" && !GUID.test(String(body.LanguageID))) return invalid(`The value '${String(body.LanguageID)}' is not valid for LanguageID.`);
    // TwoFactorEnabled is a "boolean": JSON true/false (or their text, as XML carries them).
    if (body.TwoFactorEnabled !== undefined && ![true, false, "true", "false"].includes(body.TwoFactorEnabled as never)) return invalid(`The value '${String(body.TwoFactorEnabled)}' is not valid for TwoFactorEnabled.`);
    // "Base64 encoded string containing the logo": no attribute, but the logo must decode to be shown.
    if (typeof body.Logo === "string" && !BASE64.test(body.Logo)) return invalid("The Logo field is not a valid Base-64 string.");
    // "The default time zone for the account": no attribute, but the id must resolve to a zone,
    // and an ASP.NET service's zones are Windows ids (Unicode CLDR windowsZones, as the npm
    // windows-iana package ships it) or, on .NET 6 and later, IANA names.
    if (!isTimeZoneId(String(body.TimeZone))) return invalid(`The time zone '${String(body.TimeZone)}' is not a known time zone id.`);
    const account = target as unknown as Record<string, unknown>;
    for (const field of UPDATABLE) {
      if (body[field] === undefined) continue;
      account[field] = field === "TwoFactorEnabled" ? body[field] === true || body[field] === "true" : String(body[field]);
    }
    target.DateModified = new Date().toISOString();
    return this.envelope(200, format, "ResponseOfObject", { detail: {}, caller });
  }

  private parseBody(text: string, format: Format): Record<string, unknown> {
    if (format === "json") return JSON.parse(text) as Record<string, unknown>;
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(valid.err.msg);
    const doc = xmlParser.parse(text) as Record<string, unknown>;
    const root = doc.AccountV3;
    if (typeof root !== "object" || root === null) throw new Error("expected an AccountV3 element");
    return root as Record<string, unknown>;
  }

  /**
   * Success carries an `Error` element too, empty (`{"ErrorCode":null,"ErrorReason":null}`,
   * `<Error><ErrorCode /><ErrorReason /></Error>`): every ResponseOf… sample has one, and a
   * client must not take its presence for a failure. `Identification.UserId` names the caller
   * (the emulator has no users apart from accounts, so the signed-in account's ID).
   */
  private envelope(status: number, format: Format, root: string, outcome: { ErrorCode: string; ErrorReason: string } | { detail: object; caller: TwoSmsAccountRecord }): EmulatorResponse {
    const error = "ErrorCode" in outcome ? outcome : undefined;
    const data = "caller" in outcome ? { Identification: { UserId: outcome.caller.ID }, Result: "Success", Detail: outcome.detail } : null;
    const payload = { Error: error ?? { ErrorCode: null, ErrorReason: null }, ResponseData: data };
    if (format === "json") return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(payload) };
    const element: Record<string, unknown> = { ...NS, Error: error ?? { ErrorCode: "", ErrorReason: "" }, ResponseData: data ?? "" };
    return { status, headers: { "content-type": "application/xml; charset=utf-8" }, body: `<?xml version="1.0" encoding="utf-8"?>\n${xmlBuilder.build({ [root]: element })}` };
  }
}
