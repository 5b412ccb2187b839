import * as z from "zod/mini";
import { json, type EmulatorRequest, type EmulatorResponse } from "./framework";
import type { StoredCustomerProfile, TwilioAccount } from "./twilio";
import { addressSids, evaluate, isKnownPolicy, knownPolicySids, policyDocument, type BundleContents } from "./twilioPolicy";
import {
  newAddress,
  newEndUser,
  newEntityAssignment,
  newEvaluation,
  newSupportingDocument,
  type AddressFields,
  type EvaluationResult,
  type StoredAddress,
  type StoredEndUser,
  type StoredEntityAssignment,
  type StoredEvaluation,
  type StoredSupportingDocument,
} from "./twilioShapes";
import { isoNow, methodNotAllowed, missingParameter, notFound, rfc2822Now, twilioError, v1Page, v2010Page } from "./twilioWire";

/**
 * Everything a TrustHub Customer-Profile bundle is made of besides the profile itself: End-Users
 * (/v1/EndUsers), Supporting Documents (/v1/SupportingDocuments), the 2010 API's Addresses
 * (/2010-04-01/Accounts/{AC}/Addresses.json, served by the same emulator), a profile's Entity
 * Assignments and Evaluations, and the Policies an evaluation judges against. Each object belongs
 * to one account; another account's answers exactly as one that does not exist (20404).
 */

/** What the bundle routes need from the Customer-Profiles they hang off (TwilioEmulator). */
export interface ProfileDirectory {
  find(sid: string): StoredCustomerProfile | undefined;
  /** The account a profile belongs to (recorded accounts mapped to this emulator's). */
  ownerOf(profile: StoredCustomerProfile): string;
  accountSid(account: TwilioAccount): string;
  seed(fields: Partial<StoredCustomerProfile>, account: TwilioAccount): StoredCustomerProfile;
}

/** Profile edits, and so assignment edits, are taken only while Twilio has the profile back. */
export const isEditable = (profile: StoredCustomerProfile) => profile.status === "draft" || profile.status === "twilio-rejected";

export const notEditable = (profile: StoredCustomerProfile) => twilioError(400, 20001, `Customer-Profile ${profile.sid} cannot be edited while its status is ${profile.status}`);

const ACCOUNT = /^AC[0-9a-fA-F]{32}$/;
const POLICY = /^RN[0-9a-fA-F]{32}$/;
/** trusthub_v1.json, ObjectSid of an entity assignment: any two letters and 32 hex. */
const OBJECT = /^[a-zA-Z]{2}[0-9a-fA-F]{32}$/;

/**
 * `Attributes` is a JSON object sent as a string: twilio-node serialises the object it is given
 * (lib/rest/trusthub/v1/endUser.js, `serialize.object`) and the docs' curl sends the JSON text.
 */
const attributesSchema = z.record(z.string(), z.unknown());

function parseAttributes(form: URLSearchParams): Record<string, unknown> | undefined {
  if (!form.has("Attributes")) return {};
  try {
    const parsed = attributesSchema.safeParse(JSON.parse(form.get("Attributes")!));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const invalid = (name: string, why = "") => twilioError(400, 20001, `Invalid ${name}${why ? `: ${why}` : ""}`);

/** The 2010 API's booleans arrive as "true"/"false" (twilio-node `serialize.bool`). */
function parseBool(form: URLSearchParams, name: string): boolean | undefined | "invalid" {
  const value = form.get(name);
  if (value === null) return undefined;
  return value === "true" ? true : value === "false" ? false : "invalid";
}

type Handlers = Partial<Record<"GET" | "POST" | "DELETE", () => EmulatorResponse>>;
const byMethod = (method: string, handlers: Handlers) => handlers[method as keyof Handlers]?.() ?? methodNotAllowed();

function removed<T>(store: Map<string, T>, sid: string): EmulatorResponse {
  store.delete(sid);
  return { status: 204 };
}

/** Example values from the A2P ISV guide (steps 1.2 and 1.4), so a seeded end user is complete. */
export function sampleAttributes(type: string): Record<string, unknown> {
  if (type === "customer_profile_business_information") {
    return {
      business_name: "Acme, Inc.",
      website_url: "https://www.example.com",
      business_regions_of_operation: "USA_AND_CANADA",
      business_type: "Partnership",
      business_registration_identifier: "EIN",
      business_identity: "direct_customer",
      business_industry: "EDUCATION",
      business_registration_number: "123456789",
    };
  }
  if (type.startsWith("authorized_representative_")) return { first_name: "Jane", last_name: "Doe", email: "jdoe@example.com", phone_number: "+12225557890", business_title: "CEO", job_position: "CEO" };
  return {};
}

export class TwilioBundle {
  readonly endUsers = new Map<string, StoredEndUser>();
  readonly supportingDocuments = new Map<string, StoredSupportingDocument>();
  readonly addresses = new Map<string, StoredAddress>();
  readonly assignments = new Map<string, StoredEntityAssignment>();
  readonly evaluations = new Map<string, StoredEvaluation>();

  constructor(
    private readonly profiles: ProfileDirectory,
    private readonly trusthub: string,
  ) {}

  /** The answer to a request on one of the bundle's paths; undefined for any other path. */
  handle(req: EmulatorRequest, caller: string): EmulatorResponse | undefined {
    const form = new URLSearchParams(req.body);
    const { method, path, query } = req;
    let m: RegExpMatchArray | null;
    if (path === "/v1/EndUsers") return byMethod(method, { POST: () => this.createEndUser(form, caller), GET: () => v1Page(this.owned(this.endUsers, caller), query, `${this.trusthub}/v1/EndUsers`) });
    if ((m = path.match(/^\/v1\/EndUsers\/([^/]+)$/))) return this.endUser(req, form, caller, m[1]!);
    if (path === "/v1/SupportingDocuments") {
      return byMethod(method, { POST: () => this.createDocument(form, caller), GET: () => v1Page(this.owned(this.supportingDocuments, caller), query, `${this.trusthub}/v1/SupportingDocuments`) });
    }
    if ((m = path.match(/^\/v1\/SupportingDocuments\/([^/]+)$/))) return this.document(req, form, caller, m[1]!);
    if (path === "/v1/Policies") return byMethod(method, { GET: () => v1Page(knownPolicySids().map((sid) => policyDocument(this.trusthub, sid)), query, `${this.trusthub}/v1/Policies`) });
    if ((m = path.match(/^\/v1\/Policies\/([^/]+)$/))) {
      const policy = policyDocument(this.trusthub, m[1]!);
      return policy ? byMethod(method, { GET: () => json(200, policy) }) : notFound(path);
    }
    if ((m = path.match(/^\/v1\/CustomerProfiles\/([^/]+)\/EntityAssignments(?:\/([^/]+))?$/))) return this.entityAssignments(req, form, caller, m[1]!, m[2]);
    if ((m = path.match(/^\/v1\/CustomerProfiles\/([^/]+)\/Evaluations(?:\/([^/]+))?$/))) return this.evaluationRoutes(req, form, caller, m[1]!, m[2]);
    if ((m = path.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Addresses(?:\/([^/.]+))?\.json$/))) return this.addressRoutes(req, form, caller, m[1]!, m[2]);
    return undefined;
  }

  private owned<T extends { account_sid: string }>(store: Map<string, T>, caller: string): T[] {
    return [...store.values()].filter((o) => o.account_sid === caller);
  }

  private ownedOne<T extends { account_sid: string }>(store: Map<string, T>, sid: string, caller: string): T | undefined {
    const found = store.get(sid);
    return found?.account_sid === caller ? found : undefined;
  }

  private ownedProfile(sid: string, caller: string): StoredCustomerProfile | undefined {
    const profile = this.profiles.find(sid);
    return profile && this.profiles.ownerOf(profile) === caller ? profile : undefined;
  }

  // ── End-Users: twilio_trusthub_v1.json /v1/EndUsers (FriendlyName and Type required) ──

  private createEndUser(form: URLSearchParams, caller: string): EmulatorResponse {
    for (const name of ["FriendlyName", "Type"]) if (!form.get(name)) return missingParameter(name);
    const attributes = parseAttributes(form);
    if (!attributes) return invalid("Attributes", "expected a JSON object");
    const endUser = newEndUser(this.trusthub, caller, { friendly_name: form.get("FriendlyName")!, type: form.get("Type")!, attributes });
    this.endUsers.set(endUser.sid, endUser);
    return json(201, endUser);
  }

  private endUser(req: EmulatorRequest, form: URLSearchParams, caller: string, sid: string): EmulatorResponse {
    const endUser = this.ownedOne(this.endUsers, sid, caller);
    if (!endUser) return notFound(req.path);
    return byMethod(req.method, {
      GET: () => json(200, endUser),
      POST: () => {
        const attributes = parseAttributes(form);
        if (!attributes) return invalid("Attributes", "expected a JSON object");
        if (form.has("FriendlyName")) endUser.friendly_name = form.get("FriendlyName")!;
        // An update's Attributes replace the old ones whole: "we need to include all of the other
        // extant fields and values in the attributes parameter as well" (A2P Sole Proprietor
        // troubleshooting guide, "Update the Customer Profile Resource").
        if (form.has("Attributes")) endUser.attributes = attributes;
        endUser.date_updated = isoNow();
        return json(200, endUser);
      },
      DELETE: () => removed(this.endUsers, sid),
    });
  }

  // ── Supporting Documents: /v1/SupportingDocuments (FriendlyName and Type required) ──

  /**
   * A customer_profile_address document names Addresses in `attributes.address_sids`: one Sid in
   * the A2P ISV guide (step 1.7, `{ address_sids: "AD…" }`), a list accepted too. Each must be an
   * Address of the caller's account; another account's reads as unknown.
   */
  private addressesRefused(type: string, attributes: Record<string, unknown>, caller: string): EmulatorResponse | undefined {
    if (type !== "customer_profile_address") return undefined;
    const sids = addressSids(attributes);
    if (sids.length === 0) return invalid("Attributes", "address_sids must name an Address");
    const unknown = sids.find((sid) => !this.ownedOne(this.addresses, sid, caller));
    return unknown ? invalid("Attributes", `address_sids ${unknown} is not an Address of this account`) : undefined;
  }

  private createDocument(form: URLSearchParams, caller: string): EmulatorResponse {
    for (const name of ["FriendlyName", "Type"]) if (!form.get(name)) return missingParameter(name);
    const attributes = parseAttributes(form);
    if (!attributes) return invalid("Attributes", "expected a JSON object");
    const refused = this.addressesRefused(form.get("Type")!, attributes, caller);
    if (refused) return refused;
    const document = newSupportingDocument(this.trusthub, caller, { friendly_name: form.get("FriendlyName")!, type: form.get("Type")!, attributes });
    this.supportingDocuments.set(document.sid, document);
    return json(201, document);
  }

  private document(req: EmulatorRequest, form: URLSearchParams, caller: string, sid: string): EmulatorResponse {
    const document = this.ownedOne(this.supportingDocuments, sid, caller);
    if (!document) return notFound(req.path);
    return byMethod(req.method, {
      GET: () => json(200, document),
      POST: () => {
        const attributes = parseAttributes(form);
        if (!attributes) return invalid("Attributes", "expected a JSON object");
        const refused = form.has("Attributes") ? this.addressesRefused(document.type, attributes, caller) : undefined;
        if (refused) return refused;
        if (form.has("FriendlyName")) document.friendly_name = form.get("FriendlyName")!;
        if (form.has("Attributes")) document.attributes = attributes;
        document.date_updated = isoNow();
        return json(200, document);
      },
      DELETE: () => removed(this.supportingDocuments, sid),
    });
  }

  // ── Addresses: twilio_api_v2010.json /2010-04-01/Accounts/{AccountSid}/Addresses.json ──

  private addressRoutes(req: EmulatorRequest, form: URLSearchParams, caller: string, accountSid: string, sid: string | undefined): EmulatorResponse {
    // The emulator has made the account the path names the caller, or refused (actingAccount).
    if (!ACCOUNT.test(accountSid)) return notFound(req.path);
    if (sid === undefined) {
      return byMethod(req.method, { POST: () => this.createAddress(form, caller), GET: () => this.listAddresses(req.query, caller) });
    }
    const address = this.ownedOne(this.addresses, sid, caller);
    if (!address) return notFound(req.path);
    return byMethod(req.method, {
      GET: () => json(200, address),
      POST: () => this.updateAddress(address, form),
      DELETE: () => removed(this.addresses, sid),
    });
  }

  /**
   * CustomerName, Street, City, Region, PostalCode and IsoCountry are required (twilio-node
   * address.js create). AutoCorrectAddress is checked and otherwise ignored: nothing is corrected.
   */
  private createAddress(form: URLSearchParams, caller: string): EmulatorResponse {
    for (const name of ["CustomerName", "Street", "City", "Region", "PostalCode", "IsoCountry"]) if (!form.get(name)) return missingParameter(name);
    if (!/^[A-Za-z]{2}$/.test(form.get("IsoCountry")!)) return invalid("IsoCountry", "expected an ISO 3166-1 alpha-2 code");
    const emergency = parseBool(form, "EmergencyEnabled");
    if (emergency === "invalid" || parseBool(form, "AutoCorrectAddress") === "invalid") return invalid(emergency === "invalid" ? "EmergencyEnabled" : "AutoCorrectAddress");
    const fields: AddressFields = {
      customer_name: form.get("CustomerName")!,
      street: form.get("Street")!,
      city: form.get("City")!,
      region: form.get("Region")!,
      postal_code: form.get("PostalCode")!,
      iso_country: form.get("IsoCountry")!.toUpperCase(),
      ...(form.has("FriendlyName") ? { friendly_name: form.get("FriendlyName")! } : {}),
      ...(form.has("StreetSecondary") ? { street_secondary: form.get("StreetSecondary")! } : {}),
      ...(emergency !== undefined ? { emergency_enabled: emergency } : {}),
    };
    const address = newAddress(caller, fields);
    this.addresses.set(address.sid, address);
    return json(201, address);
  }

  /** Every create field but IsoCountry can be updated (twilio-node address.js update). */
  private updateAddress(address: StoredAddress, form: URLSearchParams): EmulatorResponse {
    const emergency = parseBool(form, "EmergencyEnabled");
    if (emergency === "invalid" || parseBool(form, "AutoCorrectAddress") === "invalid") return invalid(emergency === "invalid" ? "EmergencyEnabled" : "AutoCorrectAddress");
    const text = { FriendlyName: "friendly_name", CustomerName: "customer_name", Street: "street", StreetSecondary: "street_secondary", City: "city", Region: "region", PostalCode: "postal_code" } as const;
    for (const [param, field] of Object.entries(text)) if (form.has(param)) address[field] = form.get(param)!;
    if (emergency !== undefined) address.emergency_enabled = emergency;
    address.date_updated = rfc2822Now();
    return json(200, address);
  }

  private listAddresses(query: URLSearchParams, caller: string): EmulatorResponse {
    const emergency = query.get("EmergencyEnabled");
    const results = this.owned(this.addresses, caller).filter(
      (a) =>
        (!query.get("CustomerName") || a.customer_name === query.get("CustomerName")) &&
        (!query.get("FriendlyName") || a.friendly_name === query.get("FriendlyName")) &&
        (!query.get("IsoCountry") || a.iso_country === query.get("IsoCountry")) &&
        (emergency === null || String(a.emergency_enabled) === emergency),
    );
    return v2010Page("addresses", results, query, `/2010-04-01/Accounts/${caller}/Addresses.json`, ["CustomerName", "FriendlyName", "EmergencyEnabled", "IsoCountry"]);
  }

  // ── Entity Assignments: /v1/CustomerProfiles/{BU}/EntityAssignments (ObjectSid required) ──

  /** The object an ObjectSid names in the caller's account: an End-User, a document or another profile. */
  private assignable(objectSid: string, caller: string): { type: string | undefined } | undefined {
    const endUser = this.ownedOne(this.endUsers, objectSid, caller);
    if (endUser) return { type: endUser.type };
    const document = this.ownedOne(this.supportingDocuments, objectSid, caller);
    if (document) return { type: document.type };
    return this.ownedProfile(objectSid, caller) ? { type: undefined } : undefined;
  }

  private entityAssignments(req: EmulatorRequest, form: URLSearchParams, caller: string, profileSid: string, sid: string | undefined): EmulatorResponse {
    const profile = this.ownedProfile(profileSid, caller);
    if (!profile) return notFound(req.path);
    const mine = [...this.assignments.values()].filter((a) => a.customer_profile_sid === profileSid);
    if (sid === undefined) {
      return byMethod(req.method, {
        POST: () => this.assign(profile, form.get("ObjectSid"), caller, mine),
        // ObjectType: "filter the results by (EndUserType or SupportingDocumentType) machine-name"
        // (twilio-node customerProfilesEntityAssignments.d.ts).
        GET: () => {
          const type = req.query.get("ObjectType");
          const results = type ? mine.filter((a) => this.assignable(a.object_sid, caller)?.type === type) : mine;
          return v1Page(results, req.query, `${this.trusthub}/v1/CustomerProfiles/${profileSid}/EntityAssignments`, ["ObjectType"]);
        },
      });
    }
    const assignment = mine.find((a) => a.sid === sid);
    if (!assignment) return notFound(req.path);
    return byMethod(req.method, {
      GET: () => json(200, assignment),
      DELETE: () => {
        if (!isEditable(profile)) return notEditable(profile);
        return removed(this.assignments, sid);
      },
    });
  }

  private assign(profile: StoredCustomerProfile, objectSid: string | null, caller: string, existing: StoredEntityAssignment[]): EmulatorResponse {
    if (!objectSid) return missingParameter("ObjectSid");
    if (!OBJECT.test(objectSid)) return invalid("ObjectSid");
    if (!isEditable(profile)) return notEditable(profile);
    // Another account's object reads as unknown, and a profile cannot hold itself.
    if (objectSid === profile.sid || !this.assignable(objectSid, caller)) return invalid("ObjectSid", `${objectSid} is not an End-User, Supporting Document or other Customer-Profile of this account`);
    // No source says what Twilio answers for an object assigned twice; the emulator refuses it
    // rather than make a second BV, so nothing that assigns may count on duplicates.
    if (existing.some((a) => a.object_sid === objectSid)) return invalid("ObjectSid", `${objectSid} is already assigned to Customer-Profile ${profile.sid}`);
    const assignment = newEntityAssignment(this.trusthub, caller, profile.sid, objectSid);
    this.assignments.set(assignment.sid, assignment);
    return json(201, assignment);
  }

  // ── Evaluations: /v1/CustomerProfiles/{BU}/Evaluations (PolicySid required) ──

  private evaluationRoutes(req: EmulatorRequest, form: URLSearchParams, caller: string, profileSid: string, sid: string | undefined): EmulatorResponse {
    const profile = this.ownedProfile(profileSid, caller);
    if (!profile) return notFound(req.path);
    const mine = [...this.evaluations.values()].filter((e) => e.customer_profile_sid === profileSid);
    if (sid === undefined) {
      return byMethod(req.method, {
        POST: () => {
          const policySid = form.get("PolicySid");
          if (!policySid) return missingParameter("PolicySid");
          if (!POLICY.test(policySid) || !isKnownPolicy(policySid)) return invalid("PolicySid");
          const evaluation = newEvaluation(this.trusthub, caller, profileSid, policySid, this.results(profile, policySid, caller)!);
          this.evaluations.set(evaluation.sid, evaluation);
          return json(201, evaluation);
        },
        GET: () => v1Page(mine, req.query, `${this.trusthub}/v1/CustomerProfiles/${profileSid}/Evaluations`),
      });
    }
    const evaluation = mine.find((e) => e.sid === sid);
    return evaluation ? byMethod(req.method, { GET: () => json(200, evaluation) }) : notFound(req.path);
  }

  /** What is assigned to a profile, resolved in its account; objects deleted since are left out. */
  private contents(profile: StoredCustomerProfile, account: string): BundleContents {
    const objectSids = [...this.assignments.values()].filter((a) => a.customer_profile_sid === profile.sid).map((a) => a.object_sid);
    const pick = <T extends { account_sid: string }>(store: Map<string, T>) => objectSids.flatMap((sid) => this.ownedOne(store, sid, account) ?? []);
    return {
      endUsers: pick(this.endUsers),
      documents: pick(this.supportingDocuments),
      profiles: objectSids.flatMap((sid) => (sid === profile.sid ? [] : (this.ownedProfile(sid, account) ?? []))),
      hasAddress: (sid) => this.ownedOne(this.addresses, sid, account) !== undefined,
    };
  }

  private results(profile: StoredCustomerProfile, policySid: string, account: string): EvaluationResult[] | undefined {
    return evaluate(policySid, this.contents(profile, account));
  }

  /**
   * Why Twilio would refuse to take this profile for review: the failing requirements of its
   * policy, or none (a compliant bundle, or a policy the emulator does not model).
   */
  failingRequirements(profile: StoredCustomerProfile): EvaluationResult[] {
    return (this.results(profile, profile.policy_sid, this.profiles.ownerOf(profile)) ?? []).filter((r) => !r.passed);
  }

  /** A deleted profile takes its assignments and evaluations with it. */
  forgetProfile(profileSid: string): void {
    for (const store of [this.assignments, this.evaluations]) for (const [sid, o] of store) if (o.customer_profile_sid === profileSid) store.delete(sid);
  }

  // ── Test helpers: objects that exist before the test, and edits made outside the API ──

  /** A complete End-User (business information unless `fields.type` says otherwise). */
  seedEndUser(fields: Partial<StoredEndUser> = {}, { account = "primary" }: { account?: TwilioAccount } = {}): StoredEndUser {
    const type = fields.type ?? "customer_profile_business_information";
    const endUser = newEndUser(this.trusthub, this.profiles.accountSid(account), { friendly_name: `Existing ${type}`, type, attributes: sampleAttributes(type) });
    Object.assign(endUser, fields);
    this.endUsers.set(endUser.sid, endUser);
    return endUser;
  }

  seedAddress(fields: Partial<StoredAddress> = {}, { account = "primary" }: { account?: TwilioAccount } = {}): StoredAddress {
    const address = newAddress(this.profiles.accountSid(account), { customer_name: "Acme, Inc.", street: "1234 Market St", city: "San Francisco", region: "CA", postal_code: "12345", iso_country: "US", friendly_name: "Acme, Inc. mailing address" });
    Object.assign(address, fields);
    this.addresses.set(address.sid, address);
    return address;
  }

  /** A customer_profile_address document naming a fresh Address of the same account, unless `fields` say otherwise. */
  seedSupportingDocument(fields: Partial<StoredSupportingDocument> = {}, { account = "primary" }: { account?: TwilioAccount } = {}): StoredSupportingDocument {
    const attributes = fields.attributes ?? { address_sids: this.seedAddress({}, { account }).sid };
    const document = newSupportingDocument(this.trusthub, this.profiles.accountSid(account), { friendly_name: "Existing address document", type: "customer_profile_address", attributes });
    Object.assign(document, fields);
    this.supportingDocuments.set(document.sid, document);
    return document;
  }

  /** Assigns an object to a profile directly, in the profile's account, whatever its status. */
  seedAssignment(profileSid: string, objectSid: string): StoredEntityAssignment {
    const profile = this.profiles.find(profileSid);
    if (!profile) throw new Error(`no Customer-Profile ${profileSid}`);
    const assignment = newEntityAssignment(this.trusthub, this.profiles.ownerOf(profile), profileSid, objectSid);
    this.assignments.set(assignment.sid, assignment);
    return assignment;
  }

  /**
   * Everything the Secondary Customer Profile policy asks for, assigned to `profileSid`: an
   * approved primary profile, business information, a first representative and an address
   * document, all in the profile's account.
   */
  seedCompliantBundle(profileSid: string): { primary: StoredCustomerProfile; businessInformation: StoredEndUser; representative: StoredEndUser; address: StoredAddress; document: StoredSupportingDocument } {
    const profile = this.profiles.find(profileSid);
    if (!profile) throw new Error(`no Customer-Profile ${profileSid}`);
    const account = this.profiles.ownerOf(profile) as TwilioAccount;
    const primary = this.profiles.seed({ friendly_name: "Primary Customer Profile", status: "twilio-approved", policy_sid: "RN" + "0".repeat(32) }, account);
    const businessInformation = this.seedEndUser({}, { account });
    const representative = this.seedEndUser({ type: "authorized_representative_1" }, { account });
    const address = this.seedAddress({}, { account });
    const document = this.seedSupportingDocument({ attributes: { address_sids: address.sid } }, { account });
    for (const sid of [primary.sid, businessInformation.sid, representative.sid, document.sid]) this.seedAssignment(profileSid, sid);
    return { primary, businessInformation, representative, address, document };
  }

  /**
   * Changes an End-User, Supporting Document or Address the way the Console would: the stored
   * object changes (date_updated too) and no API request is made or logged.
   */
  editInConsole(sid: string, fields: Partial<StoredEndUser> | Partial<StoredSupportingDocument> | Partial<StoredAddress>): StoredEndUser | StoredSupportingDocument | StoredAddress {
    const found = this.endUsers.get(sid) ?? this.supportingDocuments.get(sid) ?? this.addresses.get(sid);
    if (!found) throw new Error(`no End-User, Supporting Document or Address ${sid}`);
    Object.assign(found, fields, { date_updated: sid.startsWith("AD") ? rfc2822Now() : isoNow() });
    return found;
  }
}
