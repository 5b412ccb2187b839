import fc from "fast-check";
import countries from "i18n-iso-countries";
import { fieldsFromAccountInfo, queryFromPatch } from "../../provider/apis/voximplant/fieldMap";
import { BILLING_COUNTRY_CODES, LANGUAGE_CODES } from "../../provider/apis/voximplant/documentedLists";
import { signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";
import { accountInfoSchema } from "../../provider/apis/voximplant/schema";
import { fieldsFromResponse, requestBodyFromPatch } from "../../provider/apis/wavix/fieldMap";
import { INDUSTRIES, profileResponseSchema } from "../../provider/apis/wavix/schema";
import { fieldsFromDetail } from "../../provider/apis/twosms/fieldMap";
import { accountDetailSchema, windowsTimeZones } from "../../provider/apis/twosms/schema";
import { decodeEnvelope, encodeAccount, type WireFormat } from "../../provider/apis/twosms/wire";
import { formFromFields, readResultFrom } from "../../provider/apis/twilio/fieldMap";
import { customerProfileSchema } from "../../provider/apis/twilio/schema";
import { applyPatch, changedFields, computePatch, defaultNormalizer, knownFields, listAdapters, normalizerFor, type FlatProfile, type Scalar } from "../../provider/engine";
import { TwilioEmulator, TwoSmsEmulator, VoximplantEmulator, WavixEmulator } from "../../sandbox";

const RUNS = { numRuns: 200 };

/** Any scalar an API or a program might hold, blanks and case included. */
const scalar: fc.Arbitrary<Scalar> = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(" x ", "", "X", "x"), fc.integer(), fc.boolean(), fc.constant(null));

describe.each(listAdapters().map((a) => [a.name, a] as const))("%s field algebra", (_name, adapter) => {
  const rules = adapter.fieldRules;
  const paths = Object.keys(adapter.profileSchema.shape).flatMap((key) => {
    const shape = (adapter.profileSchema.shape as Record<string, { unwrap?: () => { shape?: Record<string, unknown> } }>)[key]!;
    const nested = shape.unwrap?.().shape;
    return nested ? Object.keys(nested).map((inner) => `${key}.${inner}`) : [key];
  });
  const profile = fc.dictionary(fc.constantFrom(...paths), scalar) as fc.Arbitrary<FlatProfile>;

  it("applying the patch yields the desired fields, and diffing again is empty", () => {
    fc.assert(
      fc.property(profile, profile, profile, (desired, current, live) => {
        const patch = computePatch(rules, desired, current, live);
        const after = knownFields(rules, applyPatch(current, patch), { ...current, ...patch });
        expect(changedFields(rules, desired, after)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("the patch holds only changed fields, plus those the API requires on every write", () => {
    fc.assert(
      fc.property(profile, profile, (desired, current) => {
        const patch = computePatch(rules, desired, current, current);
        const changed = changedFields(rules, desired, knownFields(rules, current, current));
        if (changed.length === 0) expect(patch).toEqual({});
        for (const path of Object.keys(patch)) expect(changed.includes(path) || rules[path]?.requiredOnWrite === true).toBe(true);
      }),
      RUNS,
    );
  });

  it("normalisation is idempotent", () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), scalar, (path, value) => {
        const normalize = normalizerFor(rules, path);
        expect(normalize(normalize(value))).toEqual(normalize(value));
      }),
      RUNS,
    );
  });
});

/** Text as people type it, with the characters that break careless JSON, XML and form encoding. */
const text = (max: number) =>
  fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9 .,'&<>"/+%=-]{0,${max - 2}}[A-Za-z0-9]$`)).filter((s) => !/ {2}/.test(s));
const sameAs = (expected: FlatProfile, actual: FlatProfile) => {
  for (const [path, value] of Object.entries(expected)) expect({ path, value: defaultNormalizer(actual[path] ?? null) }).toEqual({ path, value: defaultNormalizer(value) });
};

describe("input → request → API → response → input round trips", () => {
  it("Wavix", () => {
    const emulator = new WavixEmulator("wvx_property-test-key");
    const countryCodes = Object.keys(countries.getAlpha2Codes());
    const desired = fc.record(
      {
        first_name: text(30),
        job_title: text(30),
        phone: fc.stringMatching(/^\+?[0-9]{7,15}$/),
        time_zone: fc.constantFrom(...Intl.supportedValuesOf("timeZone")),
        default_short_link_endpoint: fc.webUrl({ withQueryParameters: true }),
        // Read back from contact_email and default_destinations: they must survive the round trip too.
        contacts: fc.stringMatching(/^[a-z][a-z0-9.]{0,8}@[a-z][a-z0-9]{1,8}\.(com|io)$/),
        sms_relay_url: fc.webUrl({ withQueryParameters: true }),
        dlr_relay_url: fc.webUrl({ withQueryParameters: true }),
        "company_info.industry": fc.constantFrom(...INDUSTRIES),
        "company_info.name": text(40),
        "company_info.billing_address": text(60),
        "company_info.country_code": fc.constantFrom(...countryCodes),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<FlatProfile>;
    fc.assert(
      fc.property(desired, (d) => {
        const answer = emulator.handle({ method: "PUT", path: "/v1/profile", query: new URLSearchParams(), headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(requestBodyFromPatch(d)) });
        expect(answer.status).toBe(200);
        sameAs(d, fieldsFromResponse(profileResponseSchema.parse(JSON.parse(answer.body!))));
      }),
      RUNS,
    );
  });

  it("Voximplant", () => {
    const emulator = new VoximplantEmulator();
    const auth = { authorization: `Bearer ${signServiceAccountJwt({ ...emulator.credentials }, Math.floor(Date.now() / 1000))}` };
    const desired = fc.record(
      {
        account_first_name: text(40),
        language_code: fc.constantFrom(...LANGUAGE_CODES),
        location: fc.constantFrom(...Intl.supportedValuesOf("timeZone")),
        min_balance_to_notify: fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
        news_notifications: fc.boolean(),
        billing_address_country_code: fc.constantFrom(...BILLING_COUNTRY_CODES),
        billing_address_zip: fc.stringMatching(/^[0-9A-Z -]{3,10}$/).map((s) => s.trim()).filter((s) => s.length > 0),
        callback_url: fc.webUrl({ withQueryParameters: true }),
        account_custom_data: text(200),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<FlatProfile>;
    fc.assert(
      fc.property(desired, (d) => {
        const set = emulator.handle({ method: "POST", path: "/platform_api/SetAccountInfo", query: queryFromPatch(d), headers: auth, body: "" });
        expect(JSON.parse(set.body!)).toEqual({ result: 1 });
        const get = emulator.handle({ method: "POST", path: "/platform_api/GetAccountInfo", query: new URLSearchParams(), headers: auth, body: "" });
        sameAs(d, fieldsFromAccountInfo(accountInfoSchema.parse(JSON.parse(get.body!).result)));
      }),
      RUNS,
    );
  });

  it.each(["json", "xml"] as WireFormat[])("2sms over %s", (format) => {
    const emulator = new TwoSmsEmulator();
    const token = JSON.parse(emulator.handle({ method: "POST", path: "/Token", query: new URLSearchParams(), headers: {}, body: new URLSearchParams({ grant_type: "client_credentials", client_id: emulator.clientId, client_secret: emulator.clientSecret }).toString() }).body!).access_token;
    const type = format === "xml" ? "application/xml" : "application/json";
    const headers = { authorization: `Bearer ${token}`, "content-type": type, accept: type };
    const path = `/api/v2/admin/accounts/${emulator.account.ID}`;
    const desired = fc.record(
      {
        Name: text(60),
        FirstName: text(40),
        Address: text(120),
        Disclaimer: text(200),
        TwoFactorEnabled: fc.boolean(),
        Website: fc.webUrl(),
        ContactNumber: fc.stringMatching(/^\+?[0-9]{5,12}$/),
        EmailAddress: fc.stringMatching(/^[a-z][a-z0-9]{0,8}@[a-z][a-z0-9]{1,8}\.(com|co\.uk|org)$/),
        SMSUsername: text(20),
        TimeZone: fc.constantFrom(...windowsTimeZones(), "Europe/London"),
        SMSPassword: text(30),
      },
      { requiredKeys: ["ContactNumber", "EmailAddress", "SMSUsername", "TimeZone"] },
    ) as fc.Arbitrary<FlatProfile>;
    fc.assert(
      fc.property(desired, (d) => {
        const put = emulator.handle({ method: "PUT", path, query: new URLSearchParams(), headers, body: encodeAccount({ SMSPassword: "sms-secret", ...d }, format) });
        expect(decodeEnvelope(put.body!, put.headers?.["content-type"]).error).toBeUndefined();
        const get = emulator.handle({ method: "GET", path, query: new URLSearchParams(), headers, body: "" });
        sameAs(d, fieldsFromDetail(accountDetailSchema.parse(decodeEnvelope(get.body!, get.headers?.["content-type"]).detail)));
      }),
      RUNS,
    );
  });

  it("Twilio", () => {
    const emulator = new TwilioEmulator();
    const auth = { authorization: `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64")}` };
    const existing = emulator.seed();
    const desired = fc.record(
      { FriendlyName: text(60), Email: fc.stringMatching(/^[a-z][a-z0-9.]{0,8}@[a-z][a-z0-9]{1,8}\.(com|io)$/), StatusCallback: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
      { requiredKeys: [] },
    ) as fc.Arbitrary<FlatProfile>;
    fc.assert(
      fc.property(desired, (d) => {
        const answer = emulator.handle({ method: "POST", path: `/v1/CustomerProfiles/${existing.sid}`, query: new URLSearchParams(), headers: { ...auth, "content-type": "application/x-www-form-urlencoded" }, body: formFromFields(d, "update").toString() });
        expect(answer.status).toBe(200);
        sameAs(d, readResultFrom(customerProfileSchema.parse(JSON.parse(answer.body!))).fields);
      }),
      RUNS,
    );
  });
});
