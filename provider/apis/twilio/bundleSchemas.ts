import * as z from "zod/mini";
import { countryCode, email, httpUrl, text } from "../../validation";

/**
 * What a Secondary Customer Profile (ISV) bundle holds: the attributes of its EndUsers and of its
 * address SupportingDocument, and the 2010 Address that document points at. Rules only, no I/O.
 *
 * Every attribute is optional here: a program may manage a subset, and the Policy's evaluation
 * decides what is missing. REQUIRED_ATTRIBUTES names what the Policy needs, so the provider can
 * say what is missing before it submits.
 *
 * Sources, cited per field below:
 * - SECONDARY: twilio.com/docs/trust-hub/trusthub-rest-api/api-create-secondary-customer-profile
 *   (the "Business registration data" and "Representative data" tables, its samples, and the
 *   Policies list sample its step 1 showed, which names each requirement's fields)
 * - ISV_GUIDE: twilio.com/docs/messaging/compliance/a2p-10dlc/onboarding-isv-api (steps 1.2 to 1.7)
 * - SHAKEN_ISV: twilio.com/docs/voice/trusted-calling-with-shakenstir/shakenstir-onboarding/shaken-stir-trust-hub-api-isvs-subaccounts
 * - twilio/twilio-oai spec/json/twilio_trusthub_v1.json and spec/json/twilio_api_v2010.json
 */
const SECONDARY = "twilio.com/docs/trust-hub/trusthub-rest-api/api-create-secondary-customer-profile";
const ISV_GUIDE = "twilio.com/docs/messaging/compliance/a2p-10dlc/onboarding-isv-api";
const SHAKEN_ISV = "twilio.com/docs/voice/trusted-calling-with-shakenstir/shakenstir-onboarding/shaken-stir-trust-hub-api-isvs-subaccounts";
const TRUSTHUB_OAI = "twilio/twilio-oai spec/json/twilio_trusthub_v1.json";
const API_OAI = "twilio/twilio-oai spec/json/twilio_api_v2010.json";
const ADDRESS_DOC = "twilio.com/docs/usage/api/address";

// ---------------------------------------------------------------------------------------------
// Sids: the `pattern` of each resource's `sid` in twilio-oai.
// ---------------------------------------------------------------------------------------------

/** trusthub.v1.end_user.sid */
export const END_USER_SID = /^IT[0-9a-fA-F]{32}$/;
/** trusthub.v1.supporting_document.sid */
export const SUPPORTING_DOCUMENT_SID = /^RD[0-9a-fA-F]{32}$/;
/** api.v2010.account.address.sid (and every `AddressSid` parameter of twilio_api_v2010.json) */
export const ADDRESS_SID = /^AD[0-9a-fA-F]{32}$/;
/** trusthub.v1.customer_profile.customer_profile_entity_assignment.sid (trust products use BV too) */
export const ENTITY_ASSIGNMENT_SID = /^BV[0-9a-fA-F]{32}$/;
/** trusthub.v1.customer_profile.customer_profile_evaluation.sid (trust products use EL too) */
export const EVALUATION_SID = /^EL[0-9a-fA-F]{32}$/;

// ---------------------------------------------------------------------------------------------
// Enumerations, each as a Twilio document lists it.
// ---------------------------------------------------------------------------------------------

/** SECONDARY (Business Identity); the same three in twilio_trusthub_v1.json compliance_registration_enum_business_identity_type. */
export const BUSINESS_IDENTITIES = ["direct_customer", "isv_reseller_or_partner", "unknown"] as const;

/**
 * SECONDARY lists the first six. SHAKEN_ISV's table for the same attribute of the same EndUser
 * type adds "Limited Liability Partnership" and "Non-profit"; both are Twilio's word, so both are
 * accepted rather than refuse a value one of Twilio's pages offers.
 */
export const BUSINESS_TYPES = [
  "Sole Proprietorship",
  "Partnership",
  "Limited Liability Corporation",
  "Co-operative",
  "Non-profit Corporation",
  "Corporation",
  "Limited Liability Partnership",
  "Non-profit",
] as const;

/** SECONDARY (Business Industry), the 31 values in its order. */
export const BUSINESS_INDUSTRIES = [
  "AGRICULTURE",
  "AUTOMOTIVE",
  "BANKING",
  "CONSUMER",
  "EDUCATION",
  "ELECTRONICS",
  "ENERGY",
  "ENGINEERING",
  "FAST_MOVING_CONSUMER_GOODS",
  "FINANCIAL",
  "FINTECH",
  "FOOD_AND_BEVERAGE",
  "GOVERNMENT",
  "HEALTHCARE",
  "HOSPITALITY",
  "INSURANCE",
  "JEWELRY",
  "LEGAL",
  "MANUFACTURING",
  "MEDIA",
  "NOT_FOR_PROFIT",
  "OIL_AND_GAS",
  "ONLINE",
  "RAW_MATERIALS",
  "REAL_ESTATE",
  "RELIGION",
  "RETAIL",
  "TECHNOLOGY",
  "TELECOMMUNICATIONS",
  "TRANSPORTATION",
  "TRAVEL",
] as const;

/**
 * SECONDARY's table: EIN (US), CBN (CA), CN (UK), ACN (AU), CIN (IN), VAT (EU), VATRN (RO),
 * RN (IS), Other. DUNS is not in that table but is what the same page's own sample sends
 * (`"business_registration_identifier": "DUNS"`), and Twilio's "A2P 10DLC Brand Approval Best
 * Practices" (support.twilio.com/hc/en-us/articles/4405758341659) says a DUNS number may be used
 * in Business Profile creation when US A2P messaging is not wanted; so it is accepted.
 *
 * Not accepted: ABN, BRN, SIREN, SIRET, NZBN, USt-IdNr, CIF, NIF, CNPJ, UID, NEQ. No Twilio
 * document found lists them for this attribute (they appear in other carriers' lists of
 * registration authorities). Add them here with a Twilio source if one turns up.
 *
 * SECONDARY also lists a "Name of Other Registration Type" to give with Other; no Twilio document
 * found names its attribute, and the policy's field list (SECONDARY, Policies sample) does not include
 * one, so it is not modelled (an unknown key is refused).
 */
export const BUSINESS_REGISTRATION_IDENTIFIERS = ["EIN", "DUNS", "CBN", "CN", "ACN", "CIN", "VAT", "VATRN", "RN", "Other"] as const;

/**
 * SECONDARY (Business Regions of Operations). One value per attribute: every Twilio sample sends a
 * single value ("USA_AND_CANADA") and no Twilio document found gives a separator for several. The
 * Console offers several regions as checkboxes, but how it stores several is not documented, so a
 * list is not modelled here.
 */
export const BUSINESS_REGIONS = ["AFRICA", "ASIA", "EUROPE", "LATIN_AMERICA", "USA_AND_CANADA", "AUSTRALIA"] as const;

/** SECONDARY (Representative data: Job Position). */
export const JOB_POSITIONS = ["Director", "GM", "VP", "CEO", "CFO", "General Counsel", "Other"] as const;

/** The EndUser `Type`s of a Secondary Customer Profile bundle (SECONDARY; ISV_GUIDE steps 1.2 and 1.4). */
export const END_USER_TYPES = ["customer_profile_business_information", "authorized_representative_1", "authorized_representative_2"] as const;

/** The SupportingDocument `Type` of a Secondary Customer Profile bundle (SECONDARY; ISV_GUIDE step 1.7). */
export const SUPPORTING_DOCUMENT_TYPES = ["customer_profile_address"] as const;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { message: `expected one of ${what}: ${values.join(", ")}` });

export const endUserTypeSchema = oneOf(END_USER_TYPES, "the EndUser types of a Secondary Customer Profile");
export const supportingDocumentTypeSchema = oneOf(SUPPORTING_DOCUMENT_TYPES, "the SupportingDocument types of a Secondary Customer Profile");

export type EndUserType = z.infer<typeof endUserTypeSchema>;
export type SupportingDocumentType = z.infer<typeof supportingDocumentTypeSchema>;

// ---------------------------------------------------------------------------------------------
// EndUser attributes
// ---------------------------------------------------------------------------------------------

/**
 * E.164: a plus, a country code that does not start with 0, at most 15 digits in all
 * (twilio.com/docs/glossary/what-e164). Twilio's samples send it so ("+12225557890").
 */
const E164 = /^\+[1-9][0-9]{1,14}$/;
const e164 = () => z.string().check(z.regex(E164, { message: "expected an E.164 phone number: + then country code and number, at most 15 digits, such as +12025550123" }));

const PROFILE_URL = httpUrl();

/** Attributes of an EndUser of type `customer_profile_business_information`. */
export const businessInformationSchema = z.strictObject({
  business_name: z.optional(z.string()).register(z.globalRegistry, {
    description: "The business's legal name.",
    source: `${SHAKEN_ISV} (business_name: required, any string); ${SECONDARY} (Policies sample; the Evaluation sample reports it missing)`,
  }),
  business_identity: z.optional(oneOf(BUSINESS_IDENTITIES, "Twilio's business identities")).register(z.globalRegistry, {
    description: "direct_customer, isv_reseller_or_partner or unknown.",
    source: `${SECONDARY} (Business Identity); ${TRUSTHUB_OAI} (compliance_registration_enum_business_identity_type)`,
  }),
  business_type: z.optional(oneOf(BUSINESS_TYPES, "Twilio's business types")).register(z.globalRegistry, {
    description: "The business's legal structure (Corporation, Limited Liability Corporation, …).",
    source: `${SECONDARY} (Business Type); ${SHAKEN_ISV} (business_type adds Limited Liability Partnership, Non-profit)`,
  }),
  business_industry: z.optional(oneOf(BUSINESS_INDUSTRIES, "Twilio's business industries")).register(z.globalRegistry, {
    description: "One of Twilio's 31 industries (TECHNOLOGY, HEALTHCARE, …).",
    source: `${SECONDARY} (Business Industry)`,
  }),
  business_registration_identifier: z.optional(oneOf(BUSINESS_REGISTRATION_IDENTIFIERS, "Twilio's business registration ID types")).register(z.globalRegistry, {
    description: "The kind of registration number: EIN, DUNS, CBN, VAT, …, or Other.",
    source: `${SECONDARY} (Business Registration ID Type; DUNS from the page's own sample); support.twilio.com/hc/en-us/articles/4405758341659 (DUNS)`,
  }),
  business_registration_number: z.optional(z.string()).register(z.globalRegistry, {
    description: "The registration number itself; its format varies by country.",
    source: `${SECONDARY} (Business Registration Number: varies by country)`,
  }),
  business_regions_of_operation: z.optional(oneOf(BUSINESS_REGIONS, "Twilio's regions of operation")).register(z.globalRegistry, {
    description: "The region the business operates in (one value, e.g. USA_AND_CANADA).",
    source: `${SECONDARY} (Business Regions of Operations; every sample sends one value)`,
  }),
  website_url: z.optional(httpUrl()).register(z.globalRegistry, {
    description: "The business's website.",
    source: `${SECONDARY} (Website URL: HTTP URL as set in RFC 1738 3.3)`,
  }),
  social_media_profile_urls: z
    .optional(
      z.string().check(
        z.refine((value) => value === "" || z.safeParse(PROFILE_URL, value).success, {
          message: "expected an absolute http:// or https:// URL, or an empty string for none",
        }),
      ),
    )
    .register(z.globalRegistry, {
      description: "A social media profile of the business; optional, an empty string for none.",
      source: `${SECONDARY} (Social Media Profile URL: optional, HTTP URL as set in RFC 1738 3.3; its sample sends ""); ${ISV_GUIDE} (step 1.2: optional)`,
    }),
});

/** Attributes of an EndUser of type `authorized_representative_1` or `authorized_representative_2` (the same fields). */
export const authorizedRepresentativeSchema = z.strictObject({
  first_name: z.optional(z.string()).register(z.globalRegistry, { description: "The representative's first name.", source: `${SECONDARY} (First Name: any string)` }),
  last_name: z.optional(z.string()).register(z.globalRegistry, { description: "The representative's last name.", source: `${SECONDARY} (Last Name: any string)` }),
  email: z.optional(email()).register(z.globalRegistry, { description: "The representative's email address.", source: `${SECONDARY} (Email: email address)` }),
  phone_number: z.optional(e164()).register(z.globalRegistry, {
    description: "The representative's phone number in E.164 (+ country code and number).",
    source: `${SECONDARY} and ${ISV_GUIDE} (samples "+11234567890", "+12225557890"); twilio.com/docs/glossary/what-e164`,
  }),
  business_title: z.optional(z.string()).register(z.globalRegistry, { description: "The representative's title, e.g. Head of Product Management.", source: `${SECONDARY} (Business Title: any string)` }),
  job_position: z.optional(oneOf(JOB_POSITIONS, "Twilio's job positions")).register(z.globalRegistry, {
    description: "Director, GM, VP, CEO, CFO, General Counsel or Other.",
    source: `${SECONDARY} (Job Position)`,
  }),
});

export type BusinessInformationAttributes = z.infer<typeof businessInformationSchema>;
export type AuthorizedRepresentativeAttributes = z.infer<typeof authorizedRepresentativeSchema>;

/** The attributes schema of each EndUser type. */
export const END_USER_ATTRIBUTE_SCHEMAS = {
  customer_profile_business_information: businessInformationSchema,
  authorized_representative_1: authorizedRepresentativeSchema,
  authorized_representative_2: authorizedRepresentativeSchema,
} as const satisfies Record<EndUserType, z.ZodMiniType>;

// ---------------------------------------------------------------------------------------------
// SupportingDocument attributes
// ---------------------------------------------------------------------------------------------

/**
 * Attributes of a SupportingDocument of type `customer_profile_address`. TrustHub takes
 * `address_sids` as one Address Sid string: ISV_GUIDE step 1.7 ("The value of this property is
 * the Address SID from the previous step") and every TrustHub sample send a string. (The numbers
 * v2 Regulatory Compliance API's samples send a list; that is another API.)
 */
export const customerProfileAddressSchema = z.strictObject({
  address_sids: z
    .optional(z.string().check(z.regex(ADDRESS_SID, { message: "expected an Address Sid: AD followed by 32 hex digits" })))
    .register(z.globalRegistry, {
      description: "The Address (AD…) the document stands for.",
      source: `${ISV_GUIDE} (step 1.7: the Address SID); ${SECONDARY} (sample "address_sids": "AD…"); ${API_OAI} (Address sid pattern)`,
    }),
});

export type CustomerProfileAddressAttributes = z.infer<typeof customerProfileAddressSchema>;

/** The attributes schema of each SupportingDocument type. */
export const SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS = {
  customer_profile_address: customerProfileAddressSchema,
} as const satisfies Record<SupportingDocumentType, z.ZodMiniType>;

type AttributesOf = {
  customer_profile_business_information: BusinessInformationAttributes;
  authorized_representative_1: AuthorizedRepresentativeAttributes;
  authorized_representative_2: AuthorizedRepresentativeAttributes;
  customer_profile_address: CustomerProfileAddressAttributes;
};

/**
 * What the Secondary Customer Profile policy needs of each object, for the provider to report
 * what is missing before submit; Twilio's evaluation has the final word.
 * - Business information: everything SECONDARY's table marks Required (business_name: SHAKEN_ISV
 *   "required"; the evaluation sample in SECONDARY reports it missing). social_media_profile_urls
 *   is Optional there and in ISV_GUIDE step 1.2.
 * - Representatives: the six fields of the policy's authorized_representative_1 requirement
 *   (SECONDARY, Policies sample) and ISV_GUIDE step 1.4 ("required information"). A second
 *   representative is optional ("You may provide a second authorized representative", ISV_GUIDE
 *   step 1.4); when one is given, it needs the same fields.
 * - Address document: address_sids (ISV_GUIDE step 1.7).
 */
export const REQUIRED_ATTRIBUTES: { readonly [T in keyof AttributesOf]: readonly (keyof AttributesOf[T] & string)[] } = {
  customer_profile_business_information: [
    "business_name",
    "business_identity",
    "business_type",
    "business_industry",
    "business_registration_identifier",
    "business_registration_number",
    "business_regions_of_operation",
    "website_url",
  ],
  authorized_representative_1: ["first_name", "last_name", "email", "phone_number", "business_title", "job_position"],
  authorized_representative_2: ["first_name", "last_name", "email", "phone_number", "business_title", "job_position"],
  customer_profile_address: ["address_sids"],
};

// ---------------------------------------------------------------------------------------------
// 2010 Address
// ---------------------------------------------------------------------------------------------

/**
 * twilio_api_v2010.json describes api.v2010.account.address.customer_name as "a maximum length of
 * 16 4-byte characters, or 21 3-byte characters": both fit 64 bytes of UTF-8 (64, 63) and one
 * more of either would not (68, 66), so the rule is 64 bytes.
 */
const CUSTOMER_NAME_MAX_BYTES = 64;
const utf8Length = (value: string) => new TextEncoder().encode(value).length;

/** The FriendlyName limits of CreateAddress and UpdateAddress (twilio_api_v2010.json). */
const FRIENDLY_NAME_MAX = 64;
const EMERGENCY_FRIENDLY_NAME_MAX = 32;

/** A required create parameter: present and not blank (a blank value is no value). */
const filled = () => z.string().check(z.minLength(1, { message: "expected a non-empty value" }));

/**
 * The create and update parameters of the 2010 Address resource, named as the form parameters
 * name them. twilio-oai gives no length for Street, StreetSecondary, City, Region or PostalCode,
 * so none is checked.
 */
export const addressSchema = z
  .strictObject({
    CustomerName: z
      .optional(
        filled().check(
          z.refine((value) => utf8Length(value) <= CUSTOMER_NAME_MAX_BYTES, {
            message: `expected at most ${CUSTOMER_NAME_MAX_BYTES} bytes of UTF-8 (64 ASCII characters, 21 3-byte or 16 4-byte characters)`,
          }),
        ),
      )
      .register(z.globalRegistry, {
        description: "The name of the business or person at the address.",
        readFrom: "customer_name",
        source: `${API_OAI} (CreateAddress: required; api.v2010.account.address.customer_name: at most 16 4-byte or 21 3-byte characters)`,
      }),
    Street: z.optional(filled()).register(z.globalRegistry, {
      description: "Number and street.",
      readFrom: "street",
      source: `${API_OAI} (CreateAddress: required)`,
    }),
    StreetSecondary: z.optional(z.string()).register(z.globalRegistry, {
      description: "Additional number and street (suite, floor).",
      readFrom: "street_secondary",
      source: `${API_OAI} (CreateAddress and UpdateAddress: optional)`,
    }),
    City: z.optional(filled()).register(z.globalRegistry, { description: "City.", readFrom: "city", source: `${API_OAI} (CreateAddress: required)` }),
    Region: z.optional(filled()).register(z.globalRegistry, { description: "State or region.", readFrom: "region", source: `${API_OAI} (CreateAddress: required)` }),
    PostalCode: z.optional(filled()).register(z.globalRegistry, { description: "Postal code.", readFrom: "postal_code", source: `${API_OAI} (CreateAddress: required)` }),
    IsoCountry: z.optional(countryCode()).register(z.globalRegistry, {
      description: "ISO 3166-1 alpha-2 country code; fixed once the address exists.",
      readFrom: "iso_country",
      source: `${API_OAI} (CreateAddress: required, format iso-country-code; UpdateAddress takes no IsoCountry)`,
    }),
    FriendlyName: z.optional(text(FRIENDLY_NAME_MAX)).register(z.globalRegistry, {
      description: "A name for the address: at most 64 characters, 32 for an emergency address.",
      readFrom: "friendly_name",
      source: `${API_OAI} (CreateAddress, UpdateAddress: up to 64 characters for Regulatory Compliance addresses and 32 for Emergency addresses); ${ADDRESS_DOC}`,
    }),
    EmergencyEnabled: z.optional(z.boolean()).register(z.globalRegistry, {
      description: "Whether emergency calling is enabled on the address.",
      readFrom: "emergency_enabled",
      source: `${API_OAI} (CreateAddress, UpdateAddress: boolean)`,
    }),
    AutoCorrectAddress: z.optional(z.boolean()).register(z.globalRegistry, {
      description: "Whether Twilio may correct the address (default true); false keeps it as given. Not read back.",
      source: `${API_OAI} (CreateAddress, UpdateAddress: boolean, default true); ${ADDRESS_DOC} (errors 21628, 21629)`,
    }),
  })
  .check(
    z.refine((address) => !(address.EmergencyEnabled === true && address.FriendlyName !== undefined && address.FriendlyName.length > EMERGENCY_FRIENDLY_NAME_MAX), {
      message: `expected at most ${EMERGENCY_FRIENDLY_NAME_MAX} characters for an emergency address (EmergencyEnabled)`,
      path: ["FriendlyName"],
    }),
  );

export type TwilioAddress = z.infer<typeof addressSchema>;

/** CreateAddress's required parameters (twilio_api_v2010.json; the ISV_GUIDE step 1.6 list). */
export const ADDRESS_REQUIRED_ON_CREATE = ["CustomerName", "Street", "City", "Region", "PostalCode", "IsoCountry"] as const satisfies readonly (keyof TwilioAddress)[];

/** Create takes them, UpdateAddress does not (twilio_api_v2010.json): changing one means a new Address. */
export const ADDRESS_FIXED_AFTER_CREATE = ["IsoCountry"] as const satisfies readonly (keyof TwilioAddress)[];
