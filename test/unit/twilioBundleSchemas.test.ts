import * as z from "zod/mini";
import "../../provider/validation";
import {
  ADDRESS_FIXED_AFTER_CREATE,
  ADDRESS_REQUIRED_ON_CREATE,
  ADDRESS_SID,
  BUSINESS_IDENTITIES,
  BUSINESS_INDUSTRIES,
  BUSINESS_REGIONS,
  BUSINESS_REGISTRATION_IDENTIFIERS,
  BUSINESS_TYPES,
  END_USER_ATTRIBUTE_SCHEMAS,
  END_USER_SID,
  END_USER_TYPES,
  ENTITY_ASSIGNMENT_SID,
  EVALUATION_SID,
  JOB_POSITIONS,
  REQUIRED_ATTRIBUTES,
  SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS,
  SUPPORTING_DOCUMENT_SID,
  SUPPORTING_DOCUMENT_TYPES,
  addressSchema,
  authorizedRepresentativeSchema,
  businessInformationSchema,
  customerProfileAddressSchema,
  endUserTypeSchema,
  supportingDocumentTypeSchema,
} from "../../provider/apis/twilio/bundleSchemas";

const hex32 = "0123456789abcdef0123456789ABCDEF";

/** The issues of a failed parse as "path: message" lines; [] when the value is accepted. */
function problems(schema: z.ZodMiniType, value: unknown): string[] {
  const result = z.safeParse(schema, value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const business = {
  business_name: "Acme, Inc.",
  business_identity: "direct_customer",
  business_type: "Partnership",
  business_industry: "EDUCATION",
  business_registration_identifier: "EIN",
  business_registration_number: "123456789",
  business_regions_of_operation: "USA_AND_CANADA",
  website_url: "https://www.example.com",
  social_media_profile_urls: "https://example.com/acme-social-media-profile",
};

const representative = {
  first_name: "Jane",
  last_name: "Doe",
  email: "jdoe@example.com",
  phone_number: "+12225557890",
  business_title: "CEO",
  job_position: "CEO",
};

const address = {
  CustomerName: "Acme, Inc.",
  Street: "1234 Market St",
  StreetSecondary: "Suite 300",
  City: "San Francisco",
  Region: "CA",
  PostalCode: "12345",
  IsoCountry: "US",
  FriendlyName: "Acme, Inc. mailing address",
  EmergencyEnabled: false,
  AutoCorrectAddress: true,
};

describe("Twilio bundle attributes: complete attributes per type", () => {
  it("accepts a complete business information (Twilio's ISV guide sample)", () => {
    expect(problems(businessInformationSchema, business)).toEqual([]);
  });

  it.each(["authorized_representative_1", "authorized_representative_2"] as const)("accepts a complete %s", (type) => {
    expect(problems(END_USER_ATTRIBUTE_SCHEMAS[type], representative)).toEqual([]);
  });

  it("accepts a customer_profile_address naming one Address Sid", () => {
    expect(problems(SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS.customer_profile_address, { address_sids: `AD${hex32}` })).toEqual([]);
  });

  it("accepts a complete address", () => {
    expect(problems(addressSchema, address)).toEqual([]);
  });

  it("accepts a subset: every attribute is optional at the schema level", () => {
    expect(problems(businessInformationSchema, {})).toEqual([]);
    expect(problems(authorizedRepresentativeSchema, { first_name: "Jane" })).toEqual([]);
    expect(problems(addressSchema, { FriendlyName: "HQ" })).toEqual([]);
  });

  it("accepts an empty social_media_profile_urls, as Twilio's own sample sends it", () => {
    expect(problems(businessInformationSchema, { ...business, social_media_profile_urls: "" })).toEqual([]);
  });

  it("accepts every value of each list", () => {
    for (const value of BUSINESS_IDENTITIES) expect(problems(businessInformationSchema, { business_identity: value })).toEqual([]);
    for (const value of BUSINESS_TYPES) expect(problems(businessInformationSchema, { business_type: value })).toEqual([]);
    for (const value of BUSINESS_INDUSTRIES) expect(problems(businessInformationSchema, { business_industry: value })).toEqual([]);
    for (const value of BUSINESS_REGISTRATION_IDENTIFIERS) expect(problems(businessInformationSchema, { business_registration_identifier: value })).toEqual([]);
    for (const value of BUSINESS_REGIONS) expect(problems(businessInformationSchema, { business_regions_of_operation: value })).toEqual([]);
    for (const value of JOB_POSITIONS) expect(problems(authorizedRepresentativeSchema, { job_position: value })).toEqual([]);
  });
});

describe("Twilio bundle attributes: each enum refuses a value outside Twilio's list and names the allowed ones", () => {
  const cases: [string, z.ZodMiniType, string, readonly string[], string][] = [
    ["business_identity", businessInformationSchema, "business_identity", BUSINESS_IDENTITIES, "reseller"],
    ["business_type", businessInformationSchema, "business_type", BUSINESS_TYPES, "LLC"],
    ["business_industry", businessInformationSchema, "business_industry", BUSINESS_INDUSTRIES, "technology"],
    ["business_registration_identifier", businessInformationSchema, "business_registration_identifier", BUSINESS_REGISTRATION_IDENTIFIERS, "SSN"],
    ["business_regions_of_operation", businessInformationSchema, "business_regions_of_operation", BUSINESS_REGIONS, "NORTH_AMERICA"],
    ["job_position", authorizedRepresentativeSchema, "job_position", JOB_POSITIONS, "Chief Executive Officer"],
  ];

  it.each(cases)("%s", (_name, schema, field, allowed, wrong) => {
    const found = problems(schema, { [field]: wrong });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${field}: expected one of `));
    for (const value of allowed) expect(found[0]).toContain(value);
  });

  it("the EndUser and SupportingDocument types", () => {
    expect(problems(endUserTypeSchema, "business")[0]).toBe(`: expected one of the EndUser types of a Secondary Customer Profile: ${END_USER_TYPES.join(", ")}`);
    expect(problems(supportingDocumentTypeSchema, "business_address")[0]).toContain(SUPPORTING_DOCUMENT_TYPES.join(", "));
  });

  it("a comma list of regions (no Twilio document gives one)", () => {
    expect(problems(businessInformationSchema, { business_regions_of_operation: "USA_AND_CANADA,EUROPE" })).toHaveLength(1);
  });

  it("enum values are case-sensitive, as Twilio lists them", () => {
    expect(problems(businessInformationSchema, { business_type: "corporation" })).toHaveLength(1);
  });
});

describe("Twilio bundle attributes: unknown keys are refused", () => {
  it.each([
    ["customer_profile_business_information", businessInformationSchema, { ...business, business_registration_date: "2020-01-01" }],
    ["authorized_representative_1", authorizedRepresentativeSchema, { ...representative, job_title: "CEO" }],
    ["customer_profile_address", customerProfileAddressSchema, { address_sids: `AD${hex32}`, document_number: "1" }],
    ["address", addressSchema, { ...address, Country: "US" }],
  ] as const)("%s", (_type, schema, value) => {
    const found = problems(schema, value);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/Unrecognized key/);
  });
});

describe("Twilio bundle attributes: field rules", () => {
  it.each(["+12025550123", "+447700900123", "+491711234567", "+12"])("accepts the E.164 number %s", (phone) => {
    expect(problems(authorizedRepresentativeSchema, { phone_number: phone })).toEqual([]);
  });

  it.each(["12025550123", "+1 202 555 0123", "+1-202-555-0123", "+02025550123", "+1234567890123456", "8005550100", ""])("refuses the phone number %j", (phone) => {
    expect(problems(authorizedRepresentativeSchema, { phone_number: phone })).toEqual([
      "phone_number: expected an E.164 phone number: + then country code and number, at most 15 digits, such as +12025550123",
    ]);
  });

  it("checks email and URLs", () => {
    expect(problems(authorizedRepresentativeSchema, { email: "jdoe" })).toEqual(["email: expected an email address such as ops@example.com"]);
    expect(problems(businessInformationSchema, { website_url: "example.com" })).toEqual(["website_url: expected an absolute http:// or https:// URL"]);
    expect(problems(businessInformationSchema, { social_media_profile_urls: "linkedin" })).toEqual([
      "social_media_profile_urls: expected an absolute http:// or https:// URL, or an empty string for none",
    ]);
  });

  it("takes address_sids as one Address Sid, not a list", () => {
    expect(problems(customerProfileAddressSchema, { address_sids: `RD${hex32}` })).toEqual(["address_sids: expected an Address Sid: AD followed by 32 hex digits"]);
    expect(problems(customerProfileAddressSchema, { address_sids: [`AD${hex32}`] })).toHaveLength(1);
  });
});

describe("Twilio Address", () => {
  it.each(["DE", "us", "GB"])("accepts the country code %s", (IsoCountry) => {
    expect(problems(addressSchema, { IsoCountry })).toEqual([]);
  });

  it.each(["USA", "United States", "XX", "U1", ""])("refuses the country code %j", (IsoCountry) => {
    expect(problems(addressSchema, { IsoCountry })).toEqual(["IsoCountry: expected an ISO 3166-1 alpha-2 country code such as US or DE"]);
  });

  it("limits FriendlyName to 64 characters, 32 for an emergency address", () => {
    expect(problems(addressSchema, { FriendlyName: "x".repeat(64) })).toEqual([]);
    expect(problems(addressSchema, { FriendlyName: "x".repeat(65) })).toEqual(["FriendlyName: expected at most 64 characters"]);
    expect(problems(addressSchema, { FriendlyName: "x".repeat(33), EmergencyEnabled: false })).toEqual([]);
    expect(problems(addressSchema, { FriendlyName: "x".repeat(32), EmergencyEnabled: true })).toEqual([]);
    expect(problems(addressSchema, { FriendlyName: "x".repeat(33), EmergencyEnabled: true })).toEqual([
      "FriendlyName: expected at most 32 characters for an emergency address (EmergencyEnabled)",
    ]);
  });

  it("limits CustomerName to 64 bytes of UTF-8 (21 3-byte or 16 4-byte characters)", () => {
    const tooLong = ["CustomerName: expected at most 64 bytes of UTF-8 (64 ASCII characters, 21 3-byte or 16 4-byte characters)"];
    expect(problems(addressSchema, { CustomerName: "x".repeat(64) })).toEqual([]);
    expect(problems(addressSchema, { CustomerName: "x".repeat(65) })).toEqual(tooLong);
    expect(problems(addressSchema, { CustomerName: "株".repeat(21) })).toEqual([]);
    expect(problems(addressSchema, { CustomerName: "株".repeat(22) })).toEqual(tooLong);
    expect(problems(addressSchema, { CustomerName: "😀".repeat(16) })).toEqual([]);
    expect(problems(addressSchema, { CustomerName: "😀".repeat(17) })).toEqual(tooLong);
  });

  it("refuses a blank value for a parameter create requires", () => {
    expect(problems(addressSchema, { Street: "" })).toEqual(["Street: expected a non-empty value"]);
    expect(problems(addressSchema, { StreetSecondary: "" })).toEqual([]);
  });

  it("takes booleans for EmergencyEnabled and AutoCorrectAddress", () => {
    expect(problems(addressSchema, { EmergencyEnabled: "true" })).toHaveLength(1);
    expect(problems(addressSchema, { AutoCorrectAddress: 0 })).toHaveLength(1);
  });

  it("lists what create requires and what update cannot change", () => {
    expect(ADDRESS_REQUIRED_ON_CREATE).toEqual(["CustomerName", "Street", "City", "Region", "PostalCode", "IsoCountry"]);
    expect(ADDRESS_FIXED_AFTER_CREATE).toEqual(["IsoCountry"]);
    const fields = Object.keys(addressSchema.def.shape);
    for (const name of [...ADDRESS_REQUIRED_ON_CREATE, ...ADDRESS_FIXED_AFTER_CREATE]) expect(fields).toContain(name);
  });
});

describe("REQUIRED_ATTRIBUTES", () => {
  it("covers every EndUser and SupportingDocument type", () => {
    expect(Object.keys(REQUIRED_ATTRIBUTES).sort()).toEqual([...END_USER_TYPES, ...SUPPORTING_DOCUMENT_TYPES].sort());
  });

  it("names only fields of the type's schema", () => {
    const schemas: Record<string, z.ZodMiniObject> = { ...END_USER_ATTRIBUTE_SCHEMAS, ...SUPPORTING_DOCUMENT_ATTRIBUTE_SCHEMAS };
    for (const [type, fields] of Object.entries(REQUIRED_ATTRIBUTES)) {
      const known = Object.keys(schemas[type]!.def.shape);
      for (const field of fields) expect(known).toContain(field);
    }
  });

  it("leaves social_media_profile_urls optional", () => {
    expect(REQUIRED_ATTRIBUTES.customer_profile_business_information).not.toContain("social_media_profile_urls");
  });
});

describe("Sids", () => {
  it.each([
    ["END_USER_SID", END_USER_SID, "IT"],
    ["SUPPORTING_DOCUMENT_SID", SUPPORTING_DOCUMENT_SID, "RD"],
    ["ADDRESS_SID", ADDRESS_SID, "AD"],
    ["ENTITY_ASSIGNMENT_SID", ENTITY_ASSIGNMENT_SID, "BV"],
    ["EVALUATION_SID", EVALUATION_SID, "EL"],
  ] as const)("%s takes %s followed by 32 hex digits", (_name, pattern, prefix) => {
    expect(pattern.test(`${prefix}${hex32}`)).toBe(true);
    expect(pattern.test(`${prefix}${hex32}0`)).toBe(false);
    expect(pattern.test(`${prefix}${hex32.slice(1)}g`)).toBe(false);
    expect(pattern.test(`BU${hex32}`)).toBe(false);
  });
});

describe("field metadata", () => {
  it("every field registers a description and a source", () => {
    const objects = [businessInformationSchema, authorizedRepresentativeSchema, customerProfileAddressSchema, addressSchema];
    for (const object of objects) {
      for (const [name, field] of Object.entries(object.def.shape)) {
        const meta = z.globalRegistry.get(field as z.ZodMiniType);
        expect({ name, description: typeof meta?.description, source: typeof meta?.source }).toEqual({ name, description: "string", source: "string" });
      }
    }
  });
});
