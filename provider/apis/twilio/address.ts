import * as z from "zod/mini";
import { apiUrl, checkFailuresFrom, type FieldRule, type FlatProfile, type ProfileAdapter, type ProfileApi, type ReadResult } from "../../engine";
import { ADDRESS_REQUIRED_ON_CREATE, ADDRESS_SID, addressSchema } from "./bundleSchemas";
import { connectionFrom, pathAccountSid, TwilioCollection, type CollectionSpec } from "./rest";

/**
 * The 2010 API's Address (api.twilio.com/2010-04-01/Accounts/{AccountSid}/Addresses): what a
 * TrustHub `customer_profile_address` document points at. Form-encoded like TrustHub, but its
 * own host, a path under the account, `.json` suffixes, and its own list shape (`addresses`,
 * `next_page_uri`) (twilio/twilio-oai spec/json/twilio_api_v2010.json; twilio.com/docs/usage/api/address).
 */
const SOURCE = "twilio.com/docs/usage/api/address";

const addressAnswer = z.looseObject({
  sid: z.string(),
  account_sid: z.nullish(z.string()),
  customer_name: z.nullish(z.string()),
  street: z.nullish(z.string()),
  street_secondary: z.nullish(z.string()),
  city: z.nullish(z.string()),
  region: z.nullish(z.string()),
  postal_code: z.nullish(z.string()),
  iso_country: z.nullish(z.string()),
  friendly_name: z.nullish(z.string()),
  emergency_enabled: z.nullish(z.boolean()),
  validated: z.nullish(z.boolean()),
  verified: z.nullish(z.boolean()),
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
});
type AddressAnswer = z.infer<typeof addressAnswer>;

/** Form parameter → answer field; AutoCorrectAddress is never answered (write-only). */
const READ_FROM: Record<string, keyof AddressAnswer> = {
  CustomerName: "customer_name",
  Street: "street",
  StreetSecondary: "street_secondary",
  City: "city",
  Region: "region",
  PostalCode: "postal_code",
  IsoCountry: "iso_country",
  FriendlyName: "friendly_name",
  EmergencyEnabled: "emergency_enabled",
};
const UPDATE_PARAMS = new Set([...Object.keys(READ_FROM).filter((name) => name !== "IsoCountry"), "AutoCorrectAddress"]);

export const fieldRules: Record<string, FieldRule> = {
  // UpdateAddress takes no IsoCountry (twilio_api_v2010.json): another country is another Address.
  IsoCountry: { replaceOnChange: true, normalize: (v) => (typeof v === "string" ? v.trim().toUpperCase() || null : v) },
  AutoCorrectAddress: { writeOnly: true },
};

function resultFrom(address: AddressAnswer): ReadResult {
  const fields: FlatProfile = {};
  for (const [param, answer] of Object.entries(READ_FROM)) fields[param] = (address[answer] as FlatProfile[string] | undefined) ?? null;
  return {
    fields,
    outputs: { sid: address.sid, account_sid: address.account_sid ?? null, validated: address.validated ?? null, verified: address.verified ?? null, date_created: address.date_created ?? null, date_updated: address.date_updated ?? null },
    ...(address.account_sid ? { account: address.account_sid } : {}),
  };
}

const spec: CollectionSpec<AddressAnswer> = {
  noun: "address",
  shortNoun: "address",
  consoleList: "Addresses list (Console, Phone Numbers › Regulatory Compliance › Addresses)",
  url: (c, sid) => apiUrl(c.apiBaseUrl, `/2010-04-01/Accounts/${pathAccountSid(c)}/Addresses${sid ? `/${sid}` : ""}.json`),
  item: addressAnswer,
  listKey: "addresses",
  // Every readable field a create sends: "Suite 100" is not the Address "Suite 200" made.
  createFields: (desired) => Object.keys(desired).filter((path) => path in READ_FROM),
  // The 2010 list filters by CustomerName, FriendlyName and IsoCountry (twilio_api_v2010.json ListAddress).
  filter: (desired) => {
    const query = new URLSearchParams();
    if (typeof desired.CustomerName === "string") query.set("CustomerName", desired.CustomerName);
    if (typeof desired.IsoCountry === "string") query.set("IsoCountry", desired.IsoCountry);
    return query;
  },
  fieldRules,
  toResult: resultFrom,
  form: (fields, call) => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      if (call === "update" && !UPDATE_PARAMS.has(name)) continue;
      if (call === "create" && !(name in READ_FROM) && name !== "AutoCorrectAddress") continue;
      form.set(name, value === null ? "" : String(value));
    }
    // Twilio corrects an address by default (AutoCorrectAddress, twilio.com/docs/usage/api/address),
    // after which it never reads back as written: every up would write it again, and an
    // uncertain create could not find what it made. Unless the program asks for corrections, an
    // address is taken as written or refused (Twilio's 21629, with its suggestion).
    if (!form.has("AutoCorrectAddress") && form.size > 0) form.set("AutoCorrectAddress", "false");
    return form;
  },
};

export const outputSchema = z.object({
  sid: z.string().register(z.globalRegistry, { description: "The Address's Sid (AD…): what a customer_profile_address document's `address_sids` names." }),
  account_sid: z.nullable(z.string()).register(z.globalRegistry, { description: "The account the address belongs to." }),
  validated: z.nullable(z.boolean()).register(z.globalRegistry, { description: "Whether Twilio validated the address." }),
  verified: z.nullable(z.boolean()).register(z.globalRegistry, { description: "Whether the address is verified to comply with regulation." }),
  date_created: z.nullable(z.string()).register(z.globalRegistry, { description: "When it was created (RFC 2822, as the 2010 API writes dates)." }),
  date_updated: z.nullable(z.string()).register(z.globalRegistry, { description: "When it was last updated." }),
});

const locatorSchema = z.object({
  sid: z
    .optional(z.string().check(z.regex(ADDRESS_SID, { message: "expected an Address Sid: AD followed by 32 hex digits" })))
    .register(z.globalRegistry, { description: "An existing Address to adopt instead of creating one." }),
});

export const addressAdapter = {
  name: "twilio",
  displayName: "Twilio",
  resourceName: "Address",
  profileSchema: addressSchema,
  locatorSchema,
  outputSchema,
  fieldRules,
  deletesObjects: true,
  baseUrlSetting: "twilio:apiBaseUrl",
  reference: {
    source: SOURCE,
    requests: {
      create: "with `sid`: adopts it, one GET then one update when a field differs. Without: one list `GET /2010-04-01/Accounts/{AccountSid}/Addresses.json?CustomerName=…&IsoCountry=…`, then `POST …/Addresses.json` (form-encoded); an uncertain create is looked for in the list, never resent",
      read: "`GET /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`",
      update: "one `POST …/Addresses/{Sid}.json` with only the changed fields (IsoCountry cannot change: a new country is a new Address)",
      delete: "one the stack created, or adopted with `deleteOnDestroy`: `DELETE …/Addresses/{Sid}.json`; otherwise none",
    },
  },
  idFromLocator: (locator) => (typeof locator.sid === "string" ? locator.sid : undefined),
  crossFieldRules: (inputs) => {
    const missing = inputs.sid === undefined ? ADDRESS_REQUIRED_ON_CREATE.filter((field) => inputs[field] === undefined).map((property) => ({ property, reason: "required to create an Address (or give sid to adopt an existing one)" })) : [];
    // Rules between fields (an emergency address's shorter FriendlyName) live on the whole schema.
    const parsed = addressSchema.safeParse(Object.fromEntries(Object.entries(inputs).filter(([key]) => key in addressSchema.shape)));
    return [...missing, ...(parsed.success ? [] : checkFailuresFrom(parsed.error, inputs))];
  },
  connect: (settings): ProfileApi => new TwilioCollection(connectionFrom(settings), spec),
} satisfies ProfileAdapter;
