import * as pulumi from "@pulumi/pulumi";
import { twosms } from "pulumi-profiles";

// API client credentials (Settings → API Clients in 2sms):
//   pulumi config set twosms:clientId <id>
//   pulumi config set --secret twosms:clientSecret <secret>
//   pulumi config set twosms:region us          (plus | portal | us | au; default plus)
//   pulumi config set twosms:wireFormat xml     (optional; JSON by default)
const config = new pulumi.Config();

export const account = new twosms.Account("account", {
  Name: "Analytical Engines Ltd",
  FirstName: "Ada",
  LastName: "Lovelace",
  Website: "https://engines.example.co.uk",
  TwoFactorEnabled: true,
  // 2sms requires the SMS password on every update and never shows it: keep it as a secret.
  SMSPassword: config.requireSecret("smsPassword"),
});
