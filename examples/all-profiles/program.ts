import * as pulumi from "@pulumi/pulumi";
import { twilio, twosms, voximplant, wavix } from "pulumi-profiles";

/** The profiles this stack keeps in shape; `desired` lets the demo change one field between runs. */
export interface Desired {
  wavixTimeZone: string;
}

export const initialDesired: Desired = { wavixTimeZone: "Europe/London" };

export function allProfiles(desired: Desired = initialDesired) {
  const config = new pulumi.Config();

  const wavixProfile = new wavix.Profile("wavix", {
    first_name: "Ada",
    last_name: "Lovelace",
    job_title: "Head of Platform",
    time_zone: desired.wavixTimeZone,
    company_info: { name: "Analytical Engines Ltd", country_code: "GB" },
  });

  const voximplantAccount = new voximplant.AccountInfo("voximplant", {
    account_first_name: "Ada",
    language_code: "en",
    location: "Europe/London",
    news_notifications: false,
    // A secret from stack config: `pulumi config set --secret voximplantPassword …`.
    new_account_password: config.requireSecret("voximplantPassword"),
  });

  const twosmsAccount = new twosms.Account("twosms", {
    Name: "Analytical Engines Ltd",
    TwoFactorEnabled: true,
    SMSPassword: config.requireSecret("smsPassword"),
  });

  const twilioProfile = new twilio.CustomerProfile("twilio", {
    FriendlyName: "Analytical Engines Support",
    Email: "compliance@engines.example",
    PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5",
  });

  return { twilioProfileSid: twilioProfile.sid, twosmsAccountId: twosmsAccount.id, wavixTimeZone: wavixProfile.time_zone, voximplantLocation: voximplantAccount.location };
}
