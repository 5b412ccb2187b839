import type { EvaluationField, EvaluationResult, StoredEndUser, StoredSupportingDocument } from "./twilioShapes";

/**
 * The TrustHub Policy the emulator knows, "Secondary Customer Profile of type Business", and how
 * an evaluation judges a bundle against it. The requirements are those of the Policy as Twilio
 * returns it in the TrustHub REST API overview (twilio.com/docs/trust-hub/trusthub-rest-api,
 * "Policies Resource Example", RNdfbf3fae0e1107f8aded0e7cead80bf5); which of them an evaluation
 * insists on follows the A2P 10DLC ISV onboarding guide
 * (twilio.com/docs/messaging/compliance/a2p-10dlc/onboarding-isv-api, steps 1.1–1.10), whose
 * bundle evaluates compliant.
 */
export const SANDBOX_POLICY_SID = "RNdfbf3fae0e1107f8aded0e7cead80bf5";

interface EndUserRule {
  kind: "end_user";
  type: string;
  name: string;
  fields: string[];
  /** Fields the policy lists but an evaluation does not insist on. */
  optionalFields: string[];
  /** The whole end user may be left out. */
  optional: boolean;
}

interface AddressDocumentRule {
  kind: "address_document";
  type: string;
  name: string;
  description: string;
}

interface PrimaryProfileRule {
  kind: "primary_profile";
  type: string;
  name: string;
}

type Rule = (EndUserRule | AddressDocumentRule | PrimaryProfileRule) & { requirement_name: string };

const representativeFields = ["first_name", "last_name", "email", "phone_number", "business_title", "job_position"];

const SECONDARY_PROFILE_RULES: Rule[] = [
  {
    kind: "end_user",
    type: "customer_profile_business_information",
    name: "Business Information",
    requirement_name: "customer_profile_business_information",
    fields: ["business_type", "business_registration_number", "business_name", "business_registration_identifier", "business_identity", "business_industry", "website_url", "business_regions_of_operation", "social_media_profile_urls"],
    // "social_media_profile_urls (optional)": A2P ISV guide, step 1.2.
    optionalFields: ["social_media_profile_urls"],
    optional: false,
  },
  // Step 1.4 of the guide: all six fields.
  { kind: "end_user", type: "authorized_representative_1", name: "Authorized Representative #1", requirement_name: "authorized_representative_1", fields: representativeFields, optionalFields: [], optional: false },
  // Listed by the Policy, but the guide's bundle has no second representative and evaluates
  // compliant: one may be left out; one that is assigned must be complete.
  { kind: "end_user", type: "authorized_representative_2", name: "Authorized Representative #2", requirement_name: "authorized_representative_2", fields: representativeFields, optionalFields: [], optional: true },
  // Steps 1.6–1.8: an Address, and a customer_profile_address document naming it in address_sids.
  { kind: "address_document", type: "customer_profile_address", name: "Physical Business Address", description: "Customer Profile HQ Physical Address", requirement_name: "customer_profile_address" },
  // Step 1.9, and the prerequisite of "API: Create a Secondary Customer Profile"
  // (twilio.com/docs/trust-hub/trusthub-rest-api/api-create-secondary-customer-profile): a Primary
  // Customer Profile "in the same account and it's in twilio-approved state".
  { kind: "primary_profile", type: "primary_customer_profile_type_business", name: "Primary Customer Profile Bundle", requirement_name: "primary_customer_profile" },
];

const POLICIES = new Map<string, { friendly_name: string; rules: Rule[] }>([[SANDBOX_POLICY_SID, { friendly_name: "Secondary Customer Profile of type Business", rules: SECONDARY_PROFILE_RULES }]]);

export const isKnownPolicy = (sid: string) => POLICIES.has(sid);
export const knownPolicySids = () => [...POLICIES.keys()];

/** trusthub.v1.policies: `requirements` in the overview example's layout, built from the rules. */
export function policyDocument(trusthub: string, sid: string) {
  const policy = POLICIES.get(sid);
  if (!policy) return undefined;
  const rules = policy.rules;
  return {
    sid,
    friendly_name: policy.friendly_name,
    requirements: {
      end_user: rules.flatMap((r) => (r.kind === "end_user" ? [{ url: `/EndUserTypes/${r.type}`, fields: r.fields, type: r.type, name: r.name, requirement_name: r.requirement_name }] : [])),
      supporting_trust_products: [],
      supporting_document: rules.flatMap((r) =>
        r.kind === "address_document" ? [[{ description: r.description, type: "document", name: r.name, accepted_documents: [{ url: `/SupportingDocumentTypes/${r.type}`, fields: ["address_sids"], type: r.type, name: r.name }], requirement_name: r.requirement_name }]] : [],
      ),
      supporting_customer_profiles: rules.flatMap((r) => (r.kind === "primary_profile" ? [{ type: r.type, name: r.name, requirement_name: r.requirement_name }] : [])),
    },
    url: `${trusthub}/v1/Policies/${sid}`,
  };
}

/** What is assigned to one Customer-Profile, resolved to the objects (missing ones left out). */
export interface BundleContents {
  endUsers: StoredEndUser[];
  documents: StoredSupportingDocument[];
  profiles: Array<{ sid: string; status: string }>;
  /** Whether an Address Sid names an address of the bundle's own account. */
  hasAddress(sid: string): boolean;
}

/** "business_registration_number" → "Business Registration Number", as the guide's results name fields. */
const fieldName = (machine: string) => machine.replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

/**
 * The error codes and wording of an evaluation's results follow the A2P ISV guide's noncompliant
 * example (step 1.10): 22214 an End-User is missing, 22215 an End-User field is missing, 22216 a
 * Supporting Document is missing, 22219 its address is missing.
 */
const present = (value: unknown) => value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");

function endUserResult(rule: EndUserRule & { requirement_name: string }, endUser: StoredEndUser | undefined): EvaluationResult | undefined {
  if (!endUser && rule.optional) return undefined;
  const required = rule.fields.filter((f) => !rule.optionalFields.includes(f));
  const missing = (f: string): EvaluationField => ({ friendly_name: fieldName(f), object_field: f, failure_reason: `The ${fieldName(f)} is missing. Please enter in a ${fieldName(f)} on the ${rule.name}.`, error_code: 22215 });
  const valid = endUser ? rule.fields.filter((f) => present(endUser.attributes[f])).map((f) => ({ friendly_name: fieldName(f), object_field: f, failure_reason: null, error_code: null })) : [];
  const invalid = required.filter((f) => !endUser || !present(endUser.attributes[f])).map(missing);
  const failure = !endUser ? { failure_reason: `A ${rule.name} is missing. Please add one to the regulatory bundle.`, error_code: 22214 } : invalid.length > 0 ? { failure_reason: invalid[0]!.failure_reason, error_code: 22215 } : { failure_reason: null, error_code: null };
  return { friendly_name: rule.name, object_type: rule.type, passed: invalid.length === 0, ...failure, valid, invalid, requirement_friendly_name: rule.name, requirement_name: rule.requirement_name };
}

/** `address_sids` as documents carry it: one Sid (the guide's step 1.7) or a list of them. */
export function addressSids(attributes: Record<string, unknown>): string[] {
  const value = attributes.address_sids;
  if (typeof value === "string") return value === "" ? [] : [value];
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
}

function addressResult(rule: AddressDocumentRule & { requirement_name: string }, document: StoredSupportingDocument | undefined, hasAddress: (sid: string) => boolean): EvaluationResult {
  const sids = document ? addressSids(document.attributes) : [];
  const ok = sids.length > 0 && sids.every(hasAddress);
  const field = { friendly_name: "Address sid(s)", object_field: "address_sids" };
  const addressMissing = { ...field, failure_reason: `The Address is missing. Please enter in the address shown on the ${rule.name}.`, error_code: 22219 };
  const failure = !document ? { failure_reason: `A ${rule.name} is missing. Please add one to the regulatory bundle.`, error_code: 22216 } : !ok ? { failure_reason: addressMissing.failure_reason, error_code: 22219 } : { failure_reason: null, error_code: null };
  return {
    friendly_name: rule.name,
    object_type: rule.type,
    passed: ok,
    ...failure,
    valid: ok ? [{ ...field, failure_reason: null, error_code: null }] : [],
    invalid: ok ? [] : [addressMissing],
    requirement_friendly_name: rule.name,
    requirement_name: rule.requirement_name,
  };
}

function primaryProfileResult(rule: PrimaryProfileRule & { requirement_name: string }, profiles: BundleContents["profiles"]): EvaluationResult {
  const primary = profiles.find((p) => p.status === "twilio-approved") ?? profiles[0];
  const passed = primary?.status === "twilio-approved";
  // No source gives the code Twilio answers for a missing or unapproved supporting profile;
  // 22214 is the one it gives a missing End-User, the nearest kind of requirement.
  const failure = passed
    ? { failure_reason: null, error_code: null }
    : { failure_reason: primary ? `The ${rule.name} ${primary.sid} is ${primary.status}; it must be twilio-approved.` : `A ${rule.name} is missing. Please add one to the regulatory bundle.`, error_code: 22214 };
  return { friendly_name: rule.name, object_type: rule.type, passed, ...failure, valid: [], invalid: [], requirement_friendly_name: rule.name, requirement_name: rule.requirement_name };
}

/** Every requirement's result, in the Policy's order; undefined for a policy the emulator does not know. */
export function evaluate(policySid: string, bundle: BundleContents): EvaluationResult[] | undefined {
  const policy = POLICIES.get(policySid);
  if (!policy) return undefined;
  return policy.rules.flatMap((rule): EvaluationResult[] => {
    if (rule.kind === "end_user") {
      const result = endUserResult(rule, bundle.endUsers.find((u) => u.type === rule.type));
      return result ? [result] : [];
    }
    if (rule.kind === "address_document") return [addressResult(rule, bundle.documents.find((d) => d.type === rule.type), bundle.hasAddress)];
    return [primaryProfileResult(rule, bundle.profiles)];
  });
}
