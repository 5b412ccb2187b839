import * as z from "zod/mini";
import "./englishMessages";

/**
 * Field rules shared by several APIs. Each returns a zod schema whose message names the rule,
 * so a check failure reads "time_zone: expected an IANA time zone name such as Europe/Berlin".
 */

let canonicalZones: Set<string> | undefined;

/** IANA names, their aliases (UTC, US/Eastern) and Etc/GMT±N, as the ICU in Node knows them. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  // The canonical names answer from a list (~2 ms once); only an alias or another spelling pays
  // for a formatter, whose first construction loads ICU's locale data (~23 ms, measured).
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = () =>
  z.string().check(z.refine(isTimeZone, { message: "expected an IANA time zone name such as Europe/Berlin, UTC or Etc/GMT-8" }));

/**
 * ISO 3166-1 alpha-2 codes from the i18n-iso-countries list: its codes.json alone, since the
 * package's main entry loads the names in all of its 78 locales (83 files, ~47 ms on every start).
 * A require, not a JSON import, so code that compiles these sources (the import round-trip tests
 * type-check generated programs against them) need not enable resolveJsonModule.
 */
const isoCodes = require("i18n-iso-countries/codes.json") as [alpha2: string, alpha3: string, numeric: string][];
const ALPHA2_CODES: ReadonlySet<string> = new Set(isoCodes.map((code) => code[0]));

/** ISO 3166-1 alpha-2 from the i18n-iso-countries list, in either case (the APIs store upper case). */
export const countryCode = () =>
  z.string().check(
    z.refine((code) => /^[A-Za-z]{2}$/.test(code) && ALPHA2_CODES.has(code.toUpperCase()), {
      message: "expected an ISO 3166-1 alpha-2 country code such as US or DE",
    }),
  );

type Countries = typeof import("i18n-iso-countries");
let englishCountries: Countries | undefined;

/**
 * i18n-iso-countries with English names only, loaded when a name is first looked up: the
 * package's locale-free entry (its browser entry) plus its English locale file.
 */
function countries(): Countries {
  if (!englishCountries) {
    englishCountries = require("i18n-iso-countries/index") as Countries;
    englishCountries.registerLocale(require("i18n-iso-countries/langs/en.json"));
  }
  return englishCountries;
}

let codesByName: Map<string, string> | undefined;

/**
 * English country name (as APIs report it, official or common) → alpha-2 code; undefined when
 * the name is not known. The reverse index is built once: the library scans every country per
 * call, which showed up in every profile read.
 */
export function countryCodeFromName(name: string): string | undefined {
  if (!codesByName) {
    codesByName = new Map();
    for (const [code, names] of Object.entries(countries().getNames("en", { select: "all" }))) {
      for (const alias of names) if (!codesByName.has(alias.toLowerCase())) codesByName.set(alias.toLowerCase(), code);
    }
  }
  return codesByName.get(name.trim().toLowerCase());
}

export function countryNameFromCode(code: string): string | undefined {
  return countries().getName(code, "en", { select: "official" });
}

/** An absolute http(s) URL: callbacks and endpoints must be reachable from the platform. */
export const httpUrl = () =>
  z.string().check(
    z.maxLength(2048, { message: "expected at most 2048 characters" }),
    z.refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
        } catch {
          return false;
        }
      },
      { message: "expected an absolute http:// or https:// URL" },
    ),
  );

/** A deliberately plain email check: the API has the final word, this catches typos before a request. */
export const email = () =>
  z.string().check(
    z.maxLength(254, { message: "expected at most 254 characters" }),
    z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "expected an email address such as ops@example.com" }),
  );

export const text = (max: number) => z.string().check(z.maxLength(max, { message: `expected at most ${max} characters` }));
