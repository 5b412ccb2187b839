import fc from "fast-check";
import { credentialPairForms, MIN_SECRET_LENGTH, Redactor, secretForms } from "../../provider/http";
import { formsToScan, printableSecret } from "../support/secrets";

const MASKED = "\u0000";
/** The text with masks blanked, so a secret that happens to spell part of "[redacted]" cannot count as a leak. */
const unmasked = (text: string) => text.split("[redacted]").join(MASKED);

describe("Redactor encodings", () => {
  const secret = `Pä ss!'()~&=<>"+/%wörd-Ж`;

  it.each([...secretForms(secret)].map(([name, form]) => [name, form] as const))("masks the secret written as %s", (_name, form) => {
    const r = new Redactor();
    r.add(secret);
    expect(r.redact(`before ${form} after`)).toBe("before [redacted] after");
  });

  it("knows the forms a real encoder produces: URLSearchParams, JSON.stringify, HTTP Basic", () => {
    const r = new Redactor();
    r.addCredentialPair("SK0123", secret);
    const form = new URLSearchParams({ new_account_password: secret }).toString();
    expect(form).toContain("%21%27%28%29%7E");
    expect(r.redact(form)).toBe("new_account_password=[redacted]");
    expect(r.redact(JSON.stringify({ SMSPassword: secret }))).toBe('{"SMSPassword":"[redacted]"}');
    expect(r.redact(`basic=${Buffer.from(`SK0123:${secret}`).toString("base64")}`)).toBe("basic=[redacted]");
  });

  it("masks two secrets that overlap in the text whole, whichever is registered first", () => {
    const r = new Redactor();
    r.add("abcdefgh", "efghijkl");
    expect(r.redact("x abcdefghijkl y")).toBe("x [redacted] y");
  });

  it(`withholds a message holding a secret shorter than ${MIN_SECRET_LENGTH} characters instead of printing it`, () => {
    const r = new Redactor();
    r.add("abc1234");
    expect(r.redact("password=abc1234")).not.toContain("abc1234");
    expect(r.redact("nothing secret here")).toBe("nothing secret here");
  });

  it("property: any printable secret, in any form it travels in, is masked inside any text", () => {
    fc.assert(
      fc.property(printableSecret(), fc.string(), fc.string(), fc.string({ minLength: 1 }), (secret, before, after, user) => {
        const r = new Redactor();
        r.addCredentialPair(user, secret);
        // Both the redactor's own list and the forms real encoders produce.
        const forms = [...secretForms(secret).values(), ...credentialPairForms(user, secret).values(), ...formsToScan([secret], [[user, secret]]).map((f) => f.form)];
        const text = forms.map((form) => `${before}${form}${after}`).join("\n");
        const out = unmasked(r.redact(text));
        for (const form of forms) {
          // A form that the surrounding random text spells by itself is not the secret's leak.
          if (!unmasked(`${before}\n${after}`).includes(form)) expect(out).not.toContain(form);
        }
      }),
      { numRuns: 300 },
    );
  });
});
