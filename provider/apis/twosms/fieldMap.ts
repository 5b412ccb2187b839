import type { FieldRule, FlatProfile, Scalar } from "../../engine";
import type { AccountDetail } from "./schema";

const lower = (v: Scalar) => (typeof v === "string" ? v.trim().toLowerCase() || null : v);

export const fieldRules: Record<string, FieldRule> = {
  // Required on every PUT (AccountV3: ContactNumber, EmailAddress, SMSPassword, SMSUsername, TimeZone).
  ContactNumber: { requiredOnWrite: true },
  EmailAddress: { requiredOnWrite: true, normalize: lower },
  SMSUsername: { requiredOnWrite: true },
  TimeZone: { requiredOnWrite: true },
  // Readable (the GET samples carry it) and secret: compared with what GET returns, never printed.
  SMSPassword: { requiredOnWrite: true, secret: true },
  LanguageID: { normalize: lower },
};

const READABLE = ["Address", "ContactNumber", "Disclaimer", "EmailAddress", "FirstName", "LanguageID", "LastName", "Logo", "LogoName", "Name", "SMSPassword", "SMSUsername", "TimeZone", "TwoFactorEnabled", "Website"] as const;

/** AccountV2 Detail → input names (identical names: every AccountV3 update field is in the GET Detail). */
export function fieldsFromDetail(detail: AccountDetail): FlatProfile {
  const out: FlatProfile = {};
  for (const key of READABLE) out[key] = detail[key] ?? null;
  // A secret the answer leaves out is unknown, not cleared: the engine keeps what was last applied.
  if (detail.SMSPassword === undefined) delete out.SMSPassword;
  return out;
}
