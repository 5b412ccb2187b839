import type { FieldRule, FlatProfile } from "../../engine";
import type { AccountInfo } from "./schema";

export const fieldRules: Record<string, FieldRule> = {
  // GetAccountInfo never returns a password (AccountInfoType has none).
  new_account_password: { writeOnly: true, secret: true },
  // Readable in GetAccountInfo (AccountInfoType.callback_salt), so a readable secret: drift shows, never printed.
  callback_salt: { secret: true },
  // GetAccountInfo does not document them (AccountInfoType at voximplant.com/docs/references/httpapi/accountinfotype
  // has neither), so they are compared with what was last applied.
  store_outbound_sms: { writeOnly: true },
  store_inbound_sms: { writeOnly: true },
  new_account_email: { normalize: (v) => (typeof v === "string" ? v.trim().toLowerCase() : v) },
};

/** GetAccountInfo's result → SetAccountInfo names. Only `account_email` is renamed. */
export function fieldsFromAccountInfo(info: AccountInfo): FlatProfile {
  const { account_email, ...rest } = info;
  const out: FlatProfile = { new_account_email: account_email ?? null };
  for (const key of [
    "language_code", "location", "account_first_name", "account_last_name", "min_balance_to_notify", "account_notifications",
    "tariff_changing_notifications", "news_notifications", "send_js_error", "billing_address_name", "billing_address_country_code",
    "billing_address_address", "billing_address_zip", "billing_address_phone", "account_custom_data", "callback_url", "callback_salt",
  ] as const) {
    out[key] = rest[key] ?? null;
  }
  // A secret the answer leaves out is unknown, not cleared: the engine keeps what was last applied.
  if (rest.callback_salt === undefined) delete out.callback_salt;
  return out;
}

/** Query parameters as the official clients send them: booleans as true/false, doubles as decimals. */
export function queryFromPatch(patch: FlatProfile): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(patch)) query.set(name, value === null ? "" : String(value));
  return query;
}

/**
 * Which parameter a documented error code is about, so the message can name the field
 * (voximplant.com/docs/references/httpapi/errors; @voximplant/apiclient-nodejs dist/Enums.d.ts).
 */
export const fieldOfErrorCode: Record<number, string> = {
  128: "new_account_email",
  136: "new_account_email",
  163: "account_first_name",
  164: "account_last_name",
  125: "min_balance_to_notify",
  202: "language_code",
  204: "billing_address_country_code",
  205: "billing_address_name",
  206: "billing_address_address",
  207: "billing_address_zip",
  208: "billing_address_phone",
  211: "account_custom_data",
  398: "callback_url",
  399: "callback_salt",
  464: "new_account_password",
  523: "new_account_password",
};
