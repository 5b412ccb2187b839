import type * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "node:crypto";
import { SANDBOX_POLICY_SID, type Sandbox, type TwilioAccount } from "../../sandbox";
import { twilio } from "../../sdk";

/**
 * What the end-to-end matrices need to know of each Twilio resource type that is a real object
 * (created, or adopted by `sid`, and deleted): how a program declares one, where its requests
 * go, how the emulator stores it, and which field is fixed once it exists. A new resource type
 * of the twilio folder adds one entry here, and its rows in the matrices' tables.
 */

/** An object as the emulator stores it; the matrices read only these and the compared fields. */
export interface StoredObject {
  sid: string;
  account_sid: string;
  date_created: string;
}

type Inputs = Record<string, unknown>;

export interface TwilioObjectType {
  /** The SDK class and the provider's resource type: "CustomerProfile", "EndUser", "Address". */
  resource: string;
  /** Sids of this type: two letters, then 32 hex digits. */
  sidPrefix: string;
  /** The setting of the base URL its requests go to (the one a wrong-endpoint error must name), and its variable. */
  baseUrl: { setting: string; env: string };
  declare(name: string, inputs: Inputs, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
  /** Every account's objects of this type. */
  store(s: Sandbox): Map<string, StoredObject>;
  /** The collection (create POST, list GET) of the primary account, and whether a path is this type's collection in any account. */
  collectionPath(s: Sandbox): string;
  isCollection(path: string): boolean;
  /** The path of one object of the primary account. */
  objectPath(s: Sandbox, sid: string): string;
  /**
   * The parameter that tells objects of this type apart in a create's form and, when the list
   * filters by it, in the list's query (the list before a create and the look-up after one).
   */
  nameParam: string;
  /** Whether the list a create searches filters by nameParam; EndUsers' list has no filter, so one resource's list GET cannot be told from another's. */
  listFiltersByName: boolean;
  /** Inputs that create an object called `name` (nameParam, and FriendlyName too). */
  createInputs(name: string): Inputs;
  /** The inputs with one managed field changed: what an update sends. */
  changed(inputs: Inputs): Inputs;
  /** The compared fields of a stored object, by input path (Attributes.business_name). */
  liveFields(stored: StoredObject): Record<string, unknown>;
  /** The stored fields of an object identical to one `inputs` creates. */
  storedFrom(inputs: Inputs): Record<string, unknown>;
  /** Seeds an existing object with the emulator's sample values, called `name`; `fields` (stored names) win. */
  seed(s: Sandbox, name: string, fields?: Record<string, unknown>, account?: TwilioAccount): StoredObject;
  /** The field fixed when an object is made, and stored fields of an object whose value differs from createInputs'. */
  fixed: { field: string; other: Record<string, unknown> };
}

/** Inputs as flat paths, the way the provider compares them: { Attributes: { a: 1 } } → { "Attributes.a": 1 }. */
export function flatInputs(inputs: Inputs, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) Object.assign(out, flatInputs(value as Inputs, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value;
  }
  return out;
}

/** A sid of `prefix` that nothing has. */
export const missingSid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** The sid an object path ends with (`/v1/EndUsers/IT…`, `/…/Addresses/AD….json`), if any. */
export const sidInPath = (path: string): string | undefined => path.match(/\/([A-Za-z]{2}[0-9a-fA-F]{32})(?:\.json)?$/)?.[1];

const TRUSTHUB = { setting: "twilio:trusthubBaseUrl", env: "TWILIO_TRUSTHUB_BASE_URL" };
const OTHER_POLICY = "RN" + "b".repeat(32);
const asStore = <T extends StoredObject>(map: Map<string, T>) => map as unknown as Map<string, StoredObject>;
const field = (stored: StoredObject, name: string) => (stored as unknown as Record<string, unknown>)[name];

export const customerProfileType: TwilioObjectType = {
  resource: "CustomerProfile",
  sidPrefix: "BU",
  baseUrl: TRUSTHUB,
  declare: (name, inputs, opts) => new twilio.CustomerProfile(name, inputs, opts),
  store: (s) => asStore(s.twilio.emulator.profiles),
  collectionPath: () => "/v1/CustomerProfiles",
  isCollection: (path) => /\/v1\/CustomerProfiles$/.test(path),
  objectPath: (_s, sid) => `/v1/CustomerProfiles/${sid}`,
  nameParam: "FriendlyName",
  listFiltersByName: true,
  createInputs: (name) => ({ FriendlyName: name, Email: "trust@acme.example", PolicySid: SANDBOX_POLICY_SID }),
  changed: (inputs) => ({ ...inputs, Email: "changed@acme.example" }),
  liveFields: (p) => ({ FriendlyName: field(p, "friendly_name"), Email: field(p, "email"), PolicySid: field(p, "policy_sid") }),
  storedFrom: (inputs) => ({ friendly_name: inputs.FriendlyName, email: inputs.Email, policy_sid: inputs.PolicySid }),
  seed: (s, name, fields = {}, account = "primary") => s.twilio.emulator.seed({ friendly_name: name, ...fields }, { account }),
  fixed: { field: "PolicySid", other: { policy_sid: OTHER_POLICY } },
};

const BUSINESS_INFORMATION = "customer_profile_business_information";

export const endUserType: TwilioObjectType = {
  resource: "EndUser",
  sidPrefix: "IT",
  baseUrl: TRUSTHUB,
  declare: (name, inputs, opts) => new twilio.EndUser(name, inputs, opts),
  store: (s) => asStore(s.twilio.emulator.bundle.endUsers),
  collectionPath: () => "/v1/EndUsers",
  isCollection: (path) => /\/v1\/EndUsers$/.test(path),
  objectPath: (_s, sid) => `/v1/EndUsers/${sid}`,
  nameParam: "FriendlyName",
  listFiltersByName: false,
  createInputs: (name) => ({ FriendlyName: name, Type: BUSINESS_INFORMATION, Attributes: { business_name: "Acme Stack, Inc.", business_type: "Partnership" } }),
  // One attribute: the update must send Attributes whole, the ones the program leaves out as the object holds them.
  changed: (inputs) => ({ ...inputs, Attributes: { ...(inputs.Attributes as Inputs), business_name: "Acme Stack Renamed, Inc." } }),
  liveFields: (u) => ({ FriendlyName: field(u, "friendly_name"), Type: field(u, "type"), ...flatInputs({ Attributes: field(u, "attributes") as Inputs }) }),
  storedFrom: (inputs) => ({ friendly_name: inputs.FriendlyName, type: inputs.Type, attributes: inputs.Attributes }),
  seed: (s, name, fields = {}, account = "primary") => s.twilio.emulator.bundle.seedEndUser({ friendly_name: name, ...fields }, { account }),
  // A representative's attributes come with its Type (seedEndUser), so the object is whole.
  fixed: { field: "Type", other: { type: "authorized_representative_1" } },
};

export const addressType: TwilioObjectType = {
  resource: "Address",
  sidPrefix: "AD",
  baseUrl: { setting: "twilio:apiBaseUrl", env: "TWILIO_API_BASE_URL" },
  declare: (name, inputs, opts) => new twilio.Address(name, inputs, opts),
  store: (s) => asStore(s.twilio.emulator.bundle.addresses),
  collectionPath: (s) => `/2010-04-01/Accounts/${s.twilio.emulator.accountSid}/Addresses.json`,
  isCollection: (path) => /\/2010-04-01\/Accounts\/[^/]+\/Addresses\.json$/.test(path),
  objectPath: (s, sid) => `/2010-04-01/Accounts/${s.twilio.emulator.accountSid}/Addresses/${sid}.json`,
  // The 2010 list filters by CustomerName and IsoCountry, which the create's look-up uses.
  nameParam: "CustomerName",
  listFiltersByName: true,
  createInputs: (name) => ({ CustomerName: name, FriendlyName: name, Street: "1 Stack Way", City: "Springfield", Region: "IL", PostalCode: "62701", IsoCountry: "US" }),
  changed: (inputs) => ({ ...inputs, Street: "2 Changed Street" }),
  liveFields: (a) => ({
    CustomerName: field(a, "customer_name"),
    FriendlyName: field(a, "friendly_name"),
    Street: field(a, "street"),
    City: field(a, "city"),
    Region: field(a, "region"),
    PostalCode: field(a, "postal_code"),
    IsoCountry: field(a, "iso_country"),
  }),
  storedFrom: (inputs) => ({
    customer_name: inputs.CustomerName,
    friendly_name: inputs.FriendlyName,
    street: inputs.Street,
    city: inputs.City,
    region: inputs.Region,
    postal_code: inputs.PostalCode,
    iso_country: inputs.IsoCountry,
  }),
  seed: (s, name, fields = {}, account = "primary") => s.twilio.emulator.bundle.seedAddress({ friendly_name: name, customer_name: name, ...fields }, { account }),
  // UpdateAddress takes no IsoCountry: another country is another Address.
  fixed: { field: "IsoCountry", other: { iso_country: "DE" } },
};

/** Every Twilio object type, the first resource type of the folder first. */
export const TWILIO_TYPES: TwilioObjectType[] = [customerProfileType, endUserType, addressType];

export function twilioType(resource: string): TwilioObjectType {
  const found = TWILIO_TYPES.find((t) => t.resource === resource);
  if (!found) throw new Error(`no Twilio object type ${resource} in test/support/twilioObjects.ts`);
  return found;
}

/** The type of a sid, by its prefix. */
export const typeOfSid = (sid: string) => TWILIO_TYPES.find((t) => sid.toUpperCase().startsWith(t.sidPrefix));

/** An object of any type, by sid, in any account. */
export const findObject = (s: Sandbox, sid: string): StoredObject | undefined => typeOfSid(sid)?.store(s).get(sid);

/** An object as old as `ms` before now, in its type's date format (the 2010 API writes RFC 2822). */
export function agedDate(type: TwilioObjectType, ms: number): string {
  const when = new Date(Date.now() - ms);
  return type === addressType ? when.toUTCString().replace(/GMT$/, "+0000") : when.toISOString().replace(/\.\d{3}Z$/, "Z");
}
