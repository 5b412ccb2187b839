import fc from "fast-check";
import { TwilioClient } from "../../provider/apis/twilio/client";
import { TwoSmsClient } from "../../provider/apis/twosms/client";
import { VoximplantClient } from "../../provider/apis/voximplant/client";
import { WavixClient } from "../../provider/apis/wavix/client";
import { readJson, redactor, type HttpClient } from "../../provider/http";
import { fragmentsIn, printableSecret } from "../support/secrets";

/**
 * An answer that does not parse, holding a secret the provider knows (an API echoing a password
 * after a stray character, or unescaped in XML). JSON.parse and the XML validator quote a few characters around
 * the fault: a piece of the secret, which the redactor cannot recognise. The message says where
 * the body is malformed and quotes none of it.
 */
const ACCOUNT = "0f8fad5b-d9cb-469f-a165-70867728950e";
const BASE = "https://api.example.com";

/** A client whose every answer is `body`, with status 200. */
const answering = (body: string, contentType: string): HttpClient => ({
  send: async () => ({ status: 200, headers: { "content-type": contentType }, body, attempts: 1 }),
  close: async () => {},
});

interface Reader {
  contentType: string;
  body: (secret: string) => string;
  read: (http: HttpClient) => Promise<unknown>;
  /** What the message says instead of quoting the body. */
  where: RegExp;
}

// V8 gives a position for some faults ("at position 12") and none for others ("Unexpected token").
const jsonWhere = /the answer could not be read \(malformed JSON (at character \d+ of \d+|of \d+ characters)\)$/;
const readers: Record<string, Reader> = {
  "2sms JSON": {
    contentType: "application/json",
    body: (secret) => `{"ResponseData":{"Detail":{"ID":"${ACCOUNT}","SMSPassword": @${secret}}}}`,
    read: (http) => new TwoSmsClient(http, BASE, "json").read(ACCOUNT),
    where: jsonWhere,
  },
  "2sms XML": {
    contentType: "application/xml",
    // The secret unescaped, split by a `<` (the validator names what follows as a tag), in a
    // document left unclosed, so it is malformed whatever the secret holds.
    body: (secret) => {
      const half = Math.ceil([...secret].length / 2);
      const text = `${[...secret].slice(0, half).join("")}<${[...secret].slice(half).join("")}`;
      return `<ResponseOfAccountV2><ResponseData><Detail><ID>${ACCOUNT}</ID><SMSPassword>${text}</SMSPassword></Detail></ResponseData>`;
    },
    read: (http) => new TwoSmsClient(http, BASE, "xml").read(ACCOUNT),
    where: /the answer could not be read \(malformed XML \(\w+\) at line \d+, column \d+\)$/,
  },
  Wavix: { contentType: "application/json", body: (secret) => `{"success":true,"data":{"first_name": @${secret}}}`, read: (http) => new WavixClient(http, BASE).read(), where: jsonWhere },
  Voximplant: { contentType: "application/json", body: (secret) => `{"result":{"account_id":1,"callback_salt": @${secret}}}`, read: (http) => new VoximplantClient(http, BASE, "1").read(), where: jsonWhere },
  Twilio: { contentType: "application/json", body: (secret) => `{"sid":"BU${"0".repeat(32)}","email": @${secret}}`, read: (http) => new TwilioClient({ http, trusthubBaseUrl: BASE, apiBaseUrl: BASE, account: { sid: undefined, certain: false }, lookupWindowMs: 1000 }).read(`BU${"0".repeat(32)}`, { fields: [] }), where: jsonWhere },
};

async function messageOf(reader: Reader, secret: string): Promise<string> {
  const error = await reader.read(answering(reader.body(secret), reader.contentType)).then(
    () => undefined,
    (err: Error) => err,
  );
  if (!error) throw new Error("expected the malformed answer to fail");
  return error.message;
}

describe("a malformed answer holding a secret", () => {
  // JSON.parse quotes about ten characters at the fault: the start of this one, cut before its end.
  const secret = "Zq7#Vx9!Kp2$Wm4*Rt6^";
  beforeAll(() => redactor.add(secret));

  it.each(Object.entries(readers))("%s: the message says where it is malformed and quotes none of it", async (_api, reader) => {
    const message = await messageOf(reader, secret);
    expect(fragmentsIn(message, [secret])).toEqual([]);
    expect(message).toMatch(reader.where);
  });

  it("readJson's BadBodyError says where, not what", () => {
    const body = `{"password": @${secret}}`;
    const error = (() => {
      try {
        readJson({ method: "GET", url: `${BASE}/v1/profile` }, { status: 200, headers: {}, body, attempts: 1 });
      } catch (err) {
        return err as Error;
      }
      throw new Error("expected a BadBodyError");
    })();
    expect(fragmentsIn(error.message, [secret])).toEqual([]);
    expect(error.message).toBe(`GET ${BASE}/v1/profile answered a body that could not be read: malformed JSON of ${body.length} characters`);
  });

  it("property: any printable secret, in any of these bodies, leaves no piece of itself in the message", async () => {
    await fc.assert(
      fc.asyncProperty(printableSecret(), fc.constantFrom(...Object.keys(readers)), async (random, api) => {
        redactor.add(random);
        const message = await messageOf(readers[api]!, random);
        expect(fragmentsIn(message, [random])).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
