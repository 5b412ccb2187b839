import { isoNow, newSid, rfc2822Now } from "./twilioWire";

/**
 * The objects of a TrustHub bundle as Twilio answers them, one interface per schema of
 * twilio/twilio-oai spec/json/twilio_trusthub_v1.json (and twilio_api_v2010.json for Address),
 * with the properties in the spec's order. Each `new…` makes a fresh one the way Twilio's create
 * does; the routes (twilioBundle.ts) and the test seeds both use them.
 */

/** trusthub.v1.end_user: Sid `IT…`; `attributes` is an object on the wire (sent as a JSON string). */
export interface StoredEndUser {
  sid: string;
  account_sid: string;
  friendly_name: string;
  type: string;
  attributes: Record<string, unknown>;
  date_created: string;
  date_updated: string;
  url: string;
}

/**
 * trusthub.v1.supporting_document: Sid `RD…`. `status` is the spec's upper-case enum
 * (supporting_document_enum_status: DRAFT, PENDING_REVIEW, …; the A2P ISV guide's example answers
 * "DRAFT"); `mime_type` is null for a document made of attributes alone (same example).
 */
export interface StoredSupportingDocument {
  sid: string;
  account_sid: string;
  friendly_name: string;
  mime_type: string | null;
  status: string;
  type: string;
  attributes: Record<string, unknown>;
  date_created: string;
  date_updated: string;
  url: string;
}

/** api.v2010.account.address: Sid `AD…`, RFC 2822 dates, `uri` relative to api.twilio.com. */
export interface StoredAddress {
  account_sid: string;
  city: string;
  customer_name: string;
  date_created: string;
  date_updated: string;
  emergency_enabled: boolean;
  friendly_name: string | null;
  iso_country: string;
  postal_code: string;
  region: string;
  sid: string;
  street: string;
  street_secondary: string | null;
  uri: string;
  validated: boolean;
  verified: boolean;
}

/** trusthub.v1.customer_profile.customer_profile_entity_assignment: Sid `BV…`, no date_updated. */
export interface StoredEntityAssignment {
  sid: string;
  customer_profile_sid: string;
  account_sid: string;
  object_sid: string;
  date_created: string;
  url: string;
}

/** One entry of an evaluation's `results`, as the A2P ISV guide's noncompliant example shows it. */
export interface EvaluationField {
  friendly_name: string;
  object_field: string;
  failure_reason: string | null;
  error_code: number | null;
}

export interface EvaluationResult {
  friendly_name: string;
  object_type: string;
  passed: boolean;
  failure_reason: string | null;
  error_code: number | null;
  valid: EvaluationField[];
  invalid: EvaluationField[];
  requirement_friendly_name: string;
  requirement_name: string;
}

/** trusthub.v1.customer_profile.customer_profile_evaluation: Sid `EL…`, status compliant|noncompliant. */
export interface StoredEvaluation {
  sid: string;
  account_sid: string;
  policy_sid: string;
  customer_profile_sid: string;
  status: "compliant" | "noncompliant";
  results: EvaluationResult[];
  date_created: string;
  url: string;
}

export function newEndUser(trusthub: string, accountSid: string, fields: { friendly_name: string; type: string; attributes: Record<string, unknown> }): StoredEndUser {
  const sid = newSid("IT");
  const now = isoNow();
  return { sid, account_sid: accountSid, ...fields, date_created: now, date_updated: now, url: `${trusthub}/v1/EndUsers/${sid}` };
}

export function newSupportingDocument(trusthub: string, accountSid: string, fields: { friendly_name: string; type: string; attributes: Record<string, unknown> }): StoredSupportingDocument {
  const sid = newSid("RD");
  const now = isoNow();
  return { sid, account_sid: accountSid, friendly_name: fields.friendly_name, mime_type: null, status: "DRAFT", type: fields.type, attributes: fields.attributes, date_created: now, date_updated: now, url: `${trusthub}/v1/SupportingDocuments/${sid}` };
}

export type AddressFields = Pick<StoredAddress, "customer_name" | "street" | "city" | "region" | "postal_code" | "iso_country"> & Partial<Pick<StoredAddress, "friendly_name" | "street_secondary" | "emergency_enabled">>;

export function newAddress(accountSid: string, fields: AddressFields): StoredAddress {
  const sid = newSid("AD");
  const now = rfc2822Now();
  return {
    account_sid: accountSid,
    city: fields.city,
    customer_name: fields.customer_name,
    date_created: now,
    date_updated: now,
    emergency_enabled: fields.emergency_enabled ?? false,
    friendly_name: fields.friendly_name ?? null,
    iso_country: fields.iso_country,
    postal_code: fields.postal_code,
    region: fields.region,
    sid,
    street: fields.street,
    street_secondary: fields.street_secondary ?? null,
    uri: `/2010-04-01/Accounts/${accountSid}/Addresses/${sid}.json`,
    // Twilio validates and verifies addresses itself after the fact; a fresh one is neither.
    validated: false,
    verified: false,
  };
}

export function newEntityAssignment(trusthub: string, accountSid: string, profileSid: string, objectSid: string): StoredEntityAssignment {
  const sid = newSid("BV");
  return { sid, customer_profile_sid: profileSid, account_sid: accountSid, object_sid: objectSid, date_created: isoNow(), url: `${trusthub}/v1/CustomerProfiles/${profileSid}/EntityAssignments/${sid}` };
}

export function newEvaluation(trusthub: string, accountSid: string, profileSid: string, policySid: string, results: EvaluationResult[]): StoredEvaluation {
  const sid = newSid("EL");
  return {
    sid,
    account_sid: accountSid,
    policy_sid: policySid,
    customer_profile_sid: profileSid,
    status: results.every((r) => r.passed) ? "compliant" : "noncompliant",
    results,
    date_created: isoNow(),
    url: `${trusthub}/v1/CustomerProfiles/${profileSid}/Evaluations/${sid}`,
  };
}
