import * as pulumi from "@pulumi/pulumi";
import { voximplant } from "pulumi-profiles";

// The service account's credentials.json, contents or path, as a secret:
//   pulumi config set --secret voximplant:credentials "$(cat credentials.json)"   (or VOXIMPLANT_CREDENTIALS)
const config = new pulumi.Config();

export const account = new voximplant.AccountInfo("account", {
  account_first_name: "Ada",
  account_last_name: "Lovelace",
  language_code: "en",
  location: "Europe/London",
  min_balance_to_notify: 50,
  news_notifications: false,
  billing_address_country_code: "GB",
  callback_url: "https://hooks.example.com/voximplant",
  // A secret: encrypted in state, never printed; read back by GetAccountInfo, so drift in it shows.
  callback_salt: config.requireSecret("callbackSalt"),
});
