import { performance } from "node:perf_hooks";
import { ProfileLifecycle } from "../provider/engine/lifecycle";
import { loadAdapter } from "../provider/engine/registry";

/** Every readable field set: the largest diff each API can have. */
const FULL: Record<string, Record<string, unknown>> = {
  wavix: {
    additional_info: "VIP", contacts: "ops@example.com", default_short_link_endpoint: "https://s.example.com", first_name: "Ada", last_name: "Lovelace",
    phone: "+442079460000", sms_relay_url: "https://hooks.example.com/sms", dlr_relay_url: "https://hooks.example.com/dlr", time_zone: "Europe/London", job_title: "CTO",
    company_info: { name: "Engines Ltd", industry: "telecommunications", billing_address: "1 Main St", attn_contact_name: "Billing", vat_number: "GB123", country_code: "GB" },
  },
  voximplant: {
    new_account_email: "ops@example.com", new_account_password: "Str0ng-Passw0rd!", language_code: "en", location: "Europe/London", account_first_name: "Ada", account_last_name: "Lovelace",
    min_balance_to_notify: 25.5, account_notifications: true, tariff_changing_notifications: false, news_notifications: false, send_js_error: true, billing_address_name: "Engines Ltd",
    billing_address_country_code: "GB", billing_address_address: "1 Main St", billing_address_zip: "N1 9GU", billing_address_phone: "+442079460000", account_custom_data: "{}",
    callback_url: "https://hooks.example.com/vox", callback_salt: "pepper-and-salt", store_outbound_sms: true, store_inbound_sms: false,
  },
  twosms: {
    Address: "1 Main St", ContactNumber: "+44 20 7946 0000", Disclaimer: "Sent via 2sms", EmailAddress: "ops@example.co.uk", FirstName: "Ada", LanguageID: "b5a5fa3c-c4d0-4721-88ff-b975bbccb45d",
    LastName: "Lovelace", Logo: "iVBORw0KGgo=", LogoName: "logo.png", Name: "Engines Ltd", SMSPassword: "sms-secret", SMSUsername: "engines", TimeZone: "GMT Standard Time", TwoFactorEnabled: true, Website: "https://engines.example.co.uk",
  },
  twilio: { FriendlyName: "Engines Support", Email: "trust@engines.example", PolicySid: "RN" + "a".repeat(32), StatusCallback: "https://hooks.example.com/twilio", Status: "draft" },
};

export interface DiffThroughput {
  api: string;
  fields: number;
  diffsPerSecond: number;
}

/** check + diff of a fully populated profile against state that differs in one field, for ~1 s per API. */
export async function measureDiffThroughput(): Promise<DiffThroughput[]> {
  const results: DiffThroughput[] = [];
  for (const [api, inputs] of Object.entries(FULL)) {
    const lifecycle = new ProfileLifecycle(loadAdapter(api));
    const state = { ...inputs, originals: {} };
    const news = { ...inputs, [Object.keys(inputs)[0]!]: "changed" };
    if ((await lifecycle.check({}, inputs)).failures.length > 0) throw new Error(`${api}: bench inputs do not pass check`);
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      for (let i = 0; i < 100; i++) await lifecycle.diff("id", state, news);
      count += 100;
    }
    results.push({ api, fields: Object.keys(inputs).length, diffsPerSecond: Math.round(count / ((performance.now() - started) / 1000)) });
  }
  return results;
}
