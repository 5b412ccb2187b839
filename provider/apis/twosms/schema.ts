import * as z from "zod/mini";
import { httpUrl, isTimeZone } from "../../validation";

/**
 * The patterns exactly as the AccountV3 model documents them (plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id).
 * No other field has a documented length or pattern, so none is invented here: a value read
 * from a real account always passes check.
 */
export const CONTACT_NUMBER = /^(?=.*?\d.*?\d.*?\d.*?\d.*?\d)([+]?)([\d\s\(\)-]{5,20})$/;
export const EMAIL_ADDRESS = /^([0-9a-zA-Z]([-.\w']*[0-9a-zA-Z])*@([0-9a-zA-Z][-\w']*[0-9a-zA-Z]\.)+[a-zA-Z]{2,9})$/;
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
let windowsIds: ReadonlySet<string> | undefined;

/**
 * 2sms runs on ASP.NET (its help pages are the Web API help-page generator), whose TimeZone ids
 * are Windows ids ("GMT Standard Time", "Pacific Standard Time (Mexico)"). The list is Unicode
 * CLDR's windowsZones mapping as the windows-iana package ships it, not a pattern: a pattern
 * either refuses real ids (parentheses, "UTC-11") or accepts made-up ones. Loaded when the
 * first TimeZone is checked, not on every start: the package is ~190 KB in a bundle (~14 ms to load).
 */
export function windowsTimeZones(): ReadonlySet<string> {
  if (!windowsIds) {
    const { WINDOWS_TO_IANA_MAP } = require("windows-iana") as typeof import("windows-iana");
    windowsIds = new Set(WINDOWS_TO_IANA_MAP.map((zone) => zone.windowsName));
  }
  return windowsIds;
}

/** A Windows id, or an IANA name, as .NET on Linux holds them. */
export const isTwoSmsTimeZone = (id: string) => windowsTimeZones().has(id) || isTimeZone(id);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const guid = () => z.string().check(z.regex(GUID, { message: "expected a GUID such as 6da13132-2c39-4a07-ac1d-0b6d6858b912" }));

/**
 * The fields `PUT api/v2/admin/accounts/{id}` uses, named as AccountV3 names them. SMSPassword
 * is a required input because AccountV3 marks it Required on every update; GET returns it
 * (the GET-api-v1-admin-accounts and GET-api-v2-admin-accounts-id samples carry `SMSPassword`
 * in Detail), so it is a readable secret: adopting an account whose password already matches
 * writes nothing, and a password changed in the portal shows as drift.
 */
export const profileSchema = z.strictObject({
  Address: z.optional(z.string()).register(z.globalRegistry, { description: "Address of the account." }),
  ContactNumber: z
    .optional(z.string().check(z.regex(CONTACT_NUMBER, { message: "expected 5 to 20 digits, spaces, ( ) or -, optionally after +, with at least 5 digits" })))
    .register(z.globalRegistry, { description: "Contact number.", source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3: pattern, Required)" }),
  Disclaimer: z.optional(z.string()).register(z.globalRegistry, { description: "Text displayed at the bottom of advanced messages." }),
  EmailAddress: z
    .optional(z.string().check(z.regex(EMAIL_ADDRESS, { message: "expected an email address matching the 2sms pattern, such as ops@example.com" })))
    .register(z.globalRegistry, { description: "Main email address.", source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3: pattern, Required)" }),
  FirstName: z.optional(z.string()).register(z.globalRegistry, { description: "First name." }),
  LanguageID: z.optional(guid()).register(z.globalRegistry, { description: "Default language id (GUID)." }),
  LastName: z.optional(z.string()).register(z.globalRegistry, { description: "Last name." }),
  Logo: z
    .optional(z.string().check(z.regex(BASE64, { message: "expected base64 (use twosms.logoFromFile to load an image)" })))
    .register(z.globalRegistry, { description: "Base64 logo shown on advanced messages." }),
  LogoName: z.optional(z.string()).register(z.globalRegistry, { description: "Logo file name." }),
  Name: z.optional(z.string()).register(z.globalRegistry, { description: "Company name." }),
  SMSPassword: z
    .string({ error: (issue) => (issue.input === undefined ? "required: 2sms demands the SMS password on every update" : "expected the SMS password as a string") })
    .check(z.minLength(1, { message: "required: 2sms demands the SMS password on every update" }))
    .register(z.globalRegistry, {
      description: "SMS password. Readable (GET returns it), so drift shows.",
      source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3: Required); plus.2sms.com/Help/Api/GET-api-v2-admin-accounts-id (sample Detail carries SMSPassword)",
    }),
  SMSUsername: z
    .optional(z.string().check(z.minLength(1, { message: "expected a non-empty SMS username" })))
    .register(z.globalRegistry, { description: "SMS username.", source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3: Required)" }),
  TimeZone: z
    .optional(
      z.string().check(
        z.refine(isTwoSmsTimeZone, {
          message: "expected a Windows time zone id such as GMT Standard Time or Pacific Standard Time (Mexico), or an IANA name such as Europe/London",
        }),
      ),
    )
    .register(z.globalRegistry, { description: "Time zone id.", source: "plus.2sms.com/Help/Api/PUT-api-v2-admin-accounts-id (AccountV3: Required); Unicode CLDR windowsZones (ASP.NET time-zone ids)" }),
  TwoFactorEnabled: z.optional(z.boolean()).register(z.globalRegistry, { description: "Whether two-factor authentication is on." }),
  Website: z.optional(httpUrl()).register(z.globalRegistry, { description: "Website URL." }),
});

export const locatorSchema = z.object({
  /** The account to manage; default: the account the API client belongs to. */
  accountId: z.optional(guid()).register(z.globalRegistry, { description: "The account to manage (GUID); default: the API client's own account." }),
});

export type TwoSmsAccount = z.infer<typeof profileSchema>;
export type TwoSmsLocator = z.infer<typeof locatorSchema>;

/** AccountV2 as GET returns it (JSON natively typed, XML as text: coerced here). */
const boolish = z.union([z.boolean(), z.pipe(z.enum(["true", "false"]), z.transform((v) => v === "true"))]);
export const accountDetailSchema = z.looseObject({
  ID: z.string(),
  Address: z.nullish(z.string()),
  ContactNumber: z.nullish(z.string()),
  Disclaimer: z.nullish(z.string()),
  EmailAddress: z.nullish(z.string()),
  FirstName: z.nullish(z.string()),
  LanguageID: z.nullish(z.string()),
  LastName: z.nullish(z.string()),
  Logo: z.nullish(z.string()),
  LogoName: z.nullish(z.string()),
  Name: z.nullish(z.string()),
  SMSPassword: z.nullish(z.string()),
  SMSUsername: z.nullish(z.string()),
  TimeZone: z.nullish(z.string()),
  TwoFactorEnabled: z.nullish(boolish),
  Website: z.nullish(z.string()),
});

export type AccountDetail = z.infer<typeof accountDetailSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  expires_in: z.optional(z.union([z.number(), z.pipe(z.string(), z.transform(Number))])),
});
