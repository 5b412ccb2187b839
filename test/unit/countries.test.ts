import countries from "i18n-iso-countries";
import { countryCode, countryCodeFromName } from "../../provider/validation";

// The provider reads i18n-iso-countries' codes.json and English names rather than its main
// entry (which loads every locale); these compare the two with the library's own answers.
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const pairs = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));

describe("ISO 3166-1 country codes", () => {
  it("accepts exactly the two-letter codes i18n-iso-countries knows, in either case", () => {
    const schema = countryCode();
    for (const code of pairs) {
      for (const written of [code, code.toLowerCase()]) expect([written, schema.safeParse(written).success]).toEqual([written, countries.isValid(code)]);
    }
    expect(pairs.filter((code) => countries.isValid(code)).length).toBeGreaterThan(240);
  });

  it("maps every English name and alias to the code the library gives it", () => {
    for (const names of Object.values(countries.getNames("en", { select: "all" }))) {
      for (const name of names) expect([name, countryCodeFromName(name)]).toEqual([name, countries.getAlpha2Code(name, "en")]);
    }
    expect(countryCodeFromName(" germany ")).toBe("DE");
    expect(countryCodeFromName("Atlantis")).toBeUndefined();
  });
});
