import { flatten, type FlatProfile } from "../../provider/engine";
import { formFromFields } from "../../provider/apis/twilio/fieldMap";
import { encodeAccount, contentType, type WireFormat } from "../../provider/apis/twosms/wire";
import { splitSecretParams } from "../../provider/apis/voximplant/client";
import { BILLING_COUNTRY_CODES, LANGUAGE_CODES } from "../../provider/apis/voximplant/documentedLists";
import { queryFromPatch } from "../../provider/apis/voximplant/fieldMap";
import { signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";
import { requestBodyFromPatch } from "../../provider/apis/wavix/fieldMap";
import { XMLParser } from "fast-xml-parser";
import type { Sandbox } from "../../sandbox";
import { SET_ACCOUNT_INFO_BILLING_COUNTRIES, SET_ACCOUNT_INFO_LANGUAGES } from "../../sandbox/voximplantLists";
import { badInputs, type BadInput } from "../reliability/badInputCatalogue";
import { sandboxPerFile } from "../support/fixtures";

/**
 * The provider refuses every catalogue row in check, before any request; a shared
 * misunderstanding between the provider and the emulator would pass every test that goes
 * through check. So each row's bad value goes straight to the emulator, encoded as the
 * provider's own client encodes a write (check skipped), and the emulator must refuse it as the
 * vendor documents: its own status, error envelope and code, and nothing applied. A row the
 * vendor gives no basis for is exempted below with the reason; a new row with neither an
 * expected refusal nor an exemption fails the first test.
 */
const sandbox = sandboxPerFile();

type Api = BadInput["api"];
const key = (row: BadInput) => `${row.api}: ${row.label}`;

/** How the emulator must refuse a row: HTTP status, and the vendor's own code or the field its message names. */
interface Refusal {
  status: number;
  /** Voximplant's and Twilio's numeric code. */
  code?: number;
  /** The field the message names (Wavix's and 2sms's codes are not published; their messages name the field). */
  names?: string;
}

const wavix = (names: string): Refusal => ({ status: 422, names });
// Voximplant answers its errors with HTTP 200 and `{error:{msg,code}}` (the official clients only look at the body).
const voximplant = (code: number): Refusal => ({ status: 200, code });
const twosms = (names: string): Refusal => ({ status: 400, names });
const twilio = (code: number, status = 400): Refusal => ({ status, code });

/** Each row the vendor documents a rule for, and the refusal its emulator must answer; the sources are cited beside each rule in sandbox/<api>.ts. */
const REFUSALS: Record<string, Refusal> = {
  "wavix: time zone that does not exist": wavix("time_zone"),
  "wavix: time zone as a number": wavix("time_zone"),
  "wavix: country code that is not ISO 3166-1": wavix("company_info.country_code"),
  "wavix: country name instead of code": wavix("company_info.country_code"),
  "wavix: relay URL that is not a URL": wavix("sms_relay_url"),
  "wavix: relay URL with another scheme": wavix("dlr_relay_url"),
  "wavix: short-link endpoint without scheme": wavix("default_short_link_endpoint"),
  "wavix: contacts that is not an email": wavix("contacts"),
  "wavix: industry outside Wavix's 13": wavix("company_info.industry"),
  "wavix: company_info as a string": wavix("company_info"),
  "voximplant: password shorter than 8": voximplant(464),
  "voximplant: password without uppercase": voximplant(464),
  "voximplant: password without a digit": voximplant(523),
  "voximplant: password without a special character": voximplant(523),
  "voximplant: language not in the documented list": voximplant(202),
  "voximplant: language in upper case": voximplant(202),
  "voximplant: billing country not in the documented list": voximplant(204),
  "voximplant: location that is not a time zone": voximplant(101),
  "voximplant: negative notification balance": voximplant(125),
  "voximplant: callback URL that is not a URL": voximplant(398),
  "voximplant: email without domain": voximplant(136),
  "voximplant: first name of 50 characters": voximplant(163),
  "voximplant: last name of 50 characters": voximplant(164),
  "voximplant: billing name of 200 characters": voximplant(205),
  "voximplant: billing address of 512 characters": voximplant(206),
  "voximplant: billing ZIP of 30 characters": voximplant(207),
  "voximplant: billing phone of 30 characters": voximplant(208),
  "voximplant: custom data of 8192 characters": voximplant(211),
  "voximplant: callback salt of 40 characters": voximplant(399),
  "twosms: missing SMSPassword": twosms("SMSPassword"),
  "twosms: contact number with too few digits": twosms("ContactNumber"),
  "twosms: contact number with letters": twosms("ContactNumber"),
  "twosms: email the 2sms pattern refuses": twosms("EmailAddress"),
  "twosms: empty SMS username": twosms("SMSUsername"),
  "twosms: language id that is not a GUID": twosms("LanguageID"),
  "twosms: account id that is not a GUID": twosms("account Id"),
  "twosms: logo that is not base64": twosms("Logo"),
  "twosms: time zone 2sms does not know": twosms("time zone"),
  "twosms: Windows time zone id misspelled": twosms("time zone"),
  "twosms: two-factor flag as text": twosms("TwoFactorEnabled"),
  "twilio: status twilio-approved as a desired value": twilio(20001),
  "twilio: status twilio-rejected as a desired value": twilio(20001),
  "twilio: status in-review as a desired value": twilio(20001),
  "twilio: Sid of another resource type": twilio(20404, 404),
  "twilio: Sid too short": twilio(20404, 404),
  "twilio: policy Sid malformed": twilio(20001),
  "twilio: email without @": twilio(20001),
  "twilio: status callback that is not a URI": twilio(21609),
  "twilio: create without PolicySid": twilio(20001),
  "twilio: create without FriendlyName": twilio(20001),
  "twilio: create without Email": twilio(20001),
  "twilio: empty friendly name": twilio(20001),
  "twilio: friendly name over 64 characters": twilio(20002),
};

const SECRET_MASKING = "provider-only: secrets shorter than 8 characters cannot be masked safely in logs and messages; the vendor documents no minimum";
const WIRE_IS_TEXT = "provider-only: query and form values are text on the wire, so this value is the same request as the valid one; the rule is about the Pulumi input's JSON type";

/** Rows with no vendor basis: the provider's own rules, which no emulator may invent a refusal for. */
const EXEMPT: Record<string, string> = {
  "wavix: phone with letters":
    "provider-only: Wavix documents `phone` as a plain string (wavix-node-sdk ProfileUpdateRequest.phone; examples 13291019312 and +12025550123) with no pattern; the 7 to 15 digits are E.164's",
  "wavix: unknown field": "provider-only: the schemas are strict so a typo fails check; Wavix documents nothing about unknown fields (the emulator's own 422 for them is its strictness, not Wavix's)",
  "wavix: unknown company field": "provider-only: as for unknown top-level fields",
  "wavix: restoreOnDelete as a string": "provider-only: a lifecycle option of this provider, never sent to Wavix",
  "wavix: deleteOnDestroy on a profile that cannot be deleted":
    "provider-only: a lifecycle option of this provider, never sent; Wavix documents GET and PUT /v1/profile only, and no DELETE",
  "voximplant: notification balance as text": WIRE_IS_TEXT,
  "voximplant: notification flag as text": WIRE_IS_TEXT,
  "voximplant: empty callback salt": "provider-only: Voximplant documents only a maximum (error 399, under 40); an empty value is how a query parameter is cleared",
  "voximplant: callback salt too short to mask": SECRET_MASKING,
  "twosms: SMSPassword too short to mask": SECRET_MASKING,
  "twosms: website without scheme":
    "provider-only: the PUT help page types Website as a plain string with no validation attribute (\"None.\"; the generator prints Required, patterns and data types where there are any), and 2sms only displays it",
};

const rowsWithInputs = badInputs.filter((row) => row.inputs);

describe("every bad input the provider refuses in check, sent straight to the emulator", () => {
  it("has an expected refusal or a reasoned exemption for every catalogue row with inputs, and no stale entry", () => {
    const keys = rowsWithInputs.map(key);
    expect(keys.filter((k) => !(k in REFUSALS) && !(k in EXEMPT))).toEqual([]);
    expect(keys.filter((k) => k in REFUSALS && k in EXEMPT)).toEqual([]);
    expect([...Object.keys(REFUSALS), ...Object.keys(EXEMPT)].filter((k) => !keys.includes(k))).toEqual([]);
    for (const why of Object.values(EXEMPT)) expect(why).toMatch(/^provider-only: .{20,}/);
  });

  it.each(rowsWithInputs.filter((row) => key(row) in REFUSALS).map((row) => [key(row), row] as const))("%s: refused on the wire as the vendor documents", async (_title, row) => {
    const refusal = REFUSALS[key(row)]!;
    for (const answer of await SENDERS[row.api](row.inputs!)) {
      expect({ status: answer.status, unchanged: answer.unchanged }).toEqual({ status: refusal.status, unchanged: true });
      ENVELOPES[row.api](answer, refusal);
    }
  });
});

describe("the emulator's copy of the documented value lists", () => {
  it("agrees with the provider's, so a slip in either transcription of the SetAccountInfo reference shows", () => {
    expect(new Set(Object.keys(SET_ACCOUNT_INFO_LANGUAGES))).toEqual(LANGUAGE_CODES);
    expect(new Set(Object.keys(SET_ACCOUNT_INFO_BILLING_COUNTRIES))).toEqual(BILLING_COUNTRY_CODES);
  });
});

describe("Twilio's update refuses what its create refuses", () => {
  it.each([
    ["FriendlyName", "x".repeat(65), 20002],
    ["FriendlyName", "", 20002],
    ["Email", "compliance.acme.example", 20001],
    ["StatusCallback", "callback", 21609],
  ] as const)("%s %j on a draft profile: code %i", async (field, value, code) => {
    const { sid } = sandbox.twilio.emulator.seed();
    const [answer] = await twilioWire("POST", `/v1/CustomerProfiles/${sid}`, new URLSearchParams({ [field]: value }));
    expect(answer!.status).toBe(400);
    expect(answer!.unchanged).toBe(true);
    twilioEnvelope(answer!, { status: 400, code });
  });
});

interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** The emulator's accounts and profiles are as they were before the request. */
  unchanged: boolean;
}

/** The emulator's whole state, to tell whether a refused request changed any of it. */
const STATE: Record<Api, (s: Sandbox) => unknown> = {
  wavix: (s) => [...s.wavix.emulator.accounts.entries()],
  voximplant: (s) => [s.voximplant.emulator.account, s.voximplant.emulator.hidden, s.voximplant.emulator.otherAccount],
  twosms: (s) => [s.twosms.emulator.account, s.twosms.emulator.subAccount, s.twosms.emulator.otherAccount, s.twosms.emulator.extraSubAccounts],
  twilio: (s) => [...s.twilio.emulator.profiles.entries()],
};

async function send(api: Api, path: string, init: RequestInit): Promise<Answer> {
  const before = JSON.stringify(STATE[api](sandbox));
  const response = await fetch(`${sandbox[api].server.url}${path}`, init);
  const body = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body, unchanged: JSON.stringify(STATE[api](sandbox)) === before };
}

/** The row's inputs as the engine hands them to a client: flat, request-named. */
const flat = (inputs: Record<string, unknown>) => flatten(inputs) as FlatProfile;

const twilioWire = async (method: string, path: string, form?: URLSearchParams) => {
  const { accountSid, authToken } = sandbox.twilio.emulator;
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`, accept: "application/json" };
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  return [await send("twilio", path, { method, headers, ...(form ? { body: form.toString() } : {}) })];
};

/** One write per row, in the API's own request style, as its client in provider/apis/<api>/client.ts sends it. */
const SENDERS: Record<Api, (inputs: Record<string, unknown>) => Promise<Answer[]>> = {
  // WavixClient.write: PUT /v1/profile, JSON of the request names, Bearer key.
  wavix: async (inputs) => [
    await send("wavix", "/v1/profile", {
      method: "PUT",
      headers: { authorization: `Bearer ${sandbox.wavix.emulator.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(requestBodyFromPatch(flat(inputs))),
    }),
  ],
  // VoximplantClient.write: POST /platform_api/SetAccountInfo, parameters in the query, secret ones in a form body, a service-account JWT.
  voximplant: async (inputs) => {
    const { query, body } = splitSecretParams(queryFromPatch(flat(inputs)));
    const token = signServiceAccountJwt({ ...sandbox.voximplant.emulator.credentials }, Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (body.size > 0) headers["content-type"] = "application/x-www-form-urlencoded";
    return [await send("voximplant", `/platform_api/SetAccountInfo?${query.toString()}`, { method: "POST", headers, ...(body.size > 0 ? { body: body.toString() } : {}) })];
  },
  // TwoSmsClient.write: PUT api/v2/admin/accounts/{id} in JSON and in XML, repeating the fields
  // 2sms requires from the account as it is (the engine's requiredOnWrite), the row's own
  // values over them; SMSPassword only when the row gives one, as the program must.
  twosms: async (inputs) => {
    const { accountId, ...fields } = inputs;
    const current = sandbox.twosms.emulator.account;
    const account = { ContactNumber: current.ContactNumber, EmailAddress: current.EmailAddress, SMSUsername: current.SMSUsername, TimeZone: current.TimeZone, ...fields };
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sandbox.twosms.emulator.clientId, client_secret: sandbox.twosms.emulator.clientSecret });
    const token = (await (await fetch(`${sandbox.twosms.server.url}/Token`, { method: "POST", body: form })).json()) as { access_token: string };
    const answers: Answer[] = [];
    for (const format of ["json", "xml"] as WireFormat[]) {
      answers.push(
        await send("twosms", `/api/v2/admin/accounts/${String(accountId ?? current.ID)}`, {
          method: "PUT",
          headers: { authorization: `Bearer ${token.access_token}`, "content-type": contentType(format), accept: contentType(format) },
          body: encodeAccount(flat(account), format),
        }),
      );
    }
    return answers;
  },
  // TwilioClient: with a sid, adoption's first request is the fetch. Without, the create (form
  // POST), then, as the provider does when the program asks for a status, an update carrying it.
  twilio: async (inputs) => {
    if (typeof inputs.sid === "string") return twilioWire("GET", `/v1/CustomerProfiles/${inputs.sid}`);
    const [created] = await twilioWire("POST", "/v1/CustomerProfiles", formFromFields(flat(inputs), "create"));
    if (created!.status !== 201 || inputs.Status === undefined) return [created!];
    const { sid } = JSON.parse(created!.body) as { sid: string };
    return twilioWire("POST", `/v1/CustomerProfiles/${sid}`, formFromFields({ Status: inputs.Status as string }, "update"));
  },
};

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

function twilioEnvelope(answer: Answer, refusal: Refusal): void {
  // twilio.com/docs/usage/twilios-response: {code, message, more_info, status}.
  expect(answer.contentType).toMatch(/application\/json/);
  expect(JSON.parse(answer.body)).toEqual({ code: refusal.code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${refusal.code}`, status: refusal.status });
}

/** Each API's own error envelope, with the code or field the refusal expects. */
const ENVELOPES: Record<Api, (answer: Answer, refusal: Refusal) => void> = {
  wavix: (answer, refusal) => {
    expect(answer.contentType).toMatch(/application\/json/);
    const body = JSON.parse(answer.body) as { success: boolean; error: boolean; message: string };
    expect(body).toMatchObject({ success: false, error: true, message: expect.stringContaining(refusal.names!) });
  },
  voximplant: (answer, refusal) => {
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(body).toEqual({ error: { code: refusal.code, msg: expect.any(String) } });
  },
  twosms: (answer, refusal) => {
    // The ResponseOf… envelope, in the request's own format.
    const isXml = /xml/.test(answer.contentType);
    const root = isXml ? (xml.parse(answer.body) as Record<string, Record<string, unknown>>).ResponseOfObject : (JSON.parse(answer.body) as Record<string, unknown>);
    const error = root!.Error as { ErrorCode: string; ErrorReason: string };
    expect(error.ErrorCode).toMatch(/\S/);
    expect(error.ErrorReason).toContain(refusal.names!);
    expect(root!.ResponseData ?? null).toEqual(isXml ? "" : null);
  },
  twilio: twilioEnvelope,
};
