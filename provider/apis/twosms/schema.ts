import { z } from "zod";
import { httpUrl, isTimeZone, text } from "../../validation";

/** The patterns exactly as the AccountV3 model documents them. */
export const CONTACT_NUMBER = /^(?=.*?\d.*?\d.*?\d.*?\d.*?\d)([+]?)([\d\s\(\)-]{5,20})$/;
export const EMAIL_ADDRESS = /^([0-9a-zA-Z]([-.\w']*[0-9a-zA-Z])*@([0-9a-zA-Z][-\w']*[0-9a-zA-Z]\.)+[a-zA-Z]{2,9})$/;
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** 2sms runs on .NET, whose time zones are Windows ids ("GMT Standard Time"); IANA names are accepted too. */
const WINDOWS_TIME_ZONE = /^(UTC([+-]\d{2})?|[A-Z][A-Za-z.\-() ]* (Standard )?Time)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Logos travel inline in every PUT that changes them; 1 MiB of image is already generous. */
export const MAX_LOGO_BASE64 = 1_398_104;

const guid = () => z.string().regex(GUID, { message: "expected a GUID such as 6da13132-2c39-4a07-ac1d-0b6d6858b912" });

/**
 * The fields `PUT api/v2/admin/accounts/{id}` uses, named as AccountV3 names them. SMSPassword
 * is required: the API demands it on every PUT and it cannot be read back.
 */
export const profileSchema = z
  .object({
    Address: text(500).optional().describe("Address of the account."),
    ContactNumber: z.string().regex(CONTACT_NUMBER, { message: "expected 5 to 20 digits, spaces, ( ) or -, optionally after +, with at least 5 digits" }).optional().describe("Contact number (required by 2sms on every update)."),
    Disclaimer: text(1000).optional().describe("Text displayed at the bottom of advanced messages."),
    EmailAddress: z.string().regex(EMAIL_ADDRESS, { message: "expected an email address matching the 2sms pattern, such as ops@example.com" }).optional().describe("Main email address (required by 2sms on every update)."),
    FirstName: text(50).optional().describe("First name."),
    LanguageID: guid().optional().describe("Default language id (GUID)."),
    LastName: text(50).optional().describe("Last name."),
    Logo: z
      .string()
      .max(MAX_LOGO_BASE64, { message: "expected a logo of at most 1 MiB" })
      .regex(BASE64, { message: "expected base64 (use twosms.logoFromFile to load an image)" })
      .optional().describe("Base64 logo shown on advanced messages."),
    LogoName: text(255).optional().describe("Logo file name."),
    Name: text(100).optional().describe("Company name."),
    SMSPassword: z.string().min(1, { message: "expected the SMS password: 2sms requires it on every update" }).max(50, { message: "expected at most 50 characters" }).describe("SMS password: required by 2sms on every update, never read back."),
    SMSUsername: text(50).min(1, { message: "expected a non-empty SMS username" }).optional().describe("SMS username (required by 2sms on every update)."),
    TimeZone: z
      .string()
      .refine((tz) => WINDOWS_TIME_ZONE.test(tz) || isTimeZone(tz), { message: "expected a time zone id such as GMT Standard Time or Europe/London" })
      .optional().describe("Time zone id (required by 2sms on every update)."),
    TwoFactorEnabled: z.boolean().optional().describe("Whether two-factor authentication is on."),
    Website: httpUrl().optional().describe("Website URL."),
  })
  .strict();

export const locatorSchema = z.object({
  /** The account to manage; default: the account the API client belongs to. */
  accountId: guid().optional().describe("The account to manage (GUID); default: the API client's own account."),
});

export type TwoSmsAccount = z.infer<typeof profileSchema>;
export type TwoSmsLocator = z.infer<typeof locatorSchema>;

/** AccountV2 as GET returns it (JSON natively typed, XML as text: coerced here). */
const boolish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
export const accountDetailSchema = z
  .object({
    ID: z.string(),
    Address: z.string().nullish(),
    ContactNumber: z.string().nullish(),
    Disclaimer: z.string().nullish(),
    EmailAddress: z.string().nullish(),
    FirstName: z.string().nullish(),
    LanguageID: z.string().nullish(),
    LastName: z.string().nullish(),
    Logo: z.string().nullish(),
    LogoName: z.string().nullish(),
    Name: z.string().nullish(),
    SMSUsername: z.string().nullish(),
    TimeZone: z.string().nullish(),
    TwoFactorEnabled: boolish.nullish(),
    Website: z.string().nullish(),
  })
  .loose();

export type AccountDetail = z.infer<typeof accountDetailSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().transform(Number)]).optional(),
});
