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

  // One customer's Twilio business profile, whole: the address, the business, its representative,
  // the address document, and the profile holding them with the ISV's primary profile, submitted.
  const address = new twilio.Address("twilio-address", {
    CustomerName: "Analytical Engines Ltd",
    Street: "1 Babbage Row",
    City: "London",
    Region: "London",
    PostalCode: "N1 9GU",
    IsoCountry: "GB",
  });
  const business = new twilio.EndUser("twilio-business", {
    FriendlyName: "Analytical Engines business information",
    Type: "customer_profile_business_information",
    Attributes: {
      business_name: "Analytical Engines Ltd",
      business_identity: "direct_customer",
      business_type: "Limited Liability Corporation",
      business_industry: "TECHNOLOGY",
      business_registration_identifier: "Other",
      business_registration_number: "07654321",
      business_regions_of_operation: "EUROPE",
      website_url: "https://engines.example",
    },
  });
  const representative = new twilio.EndUser("twilio-representative", {
    FriendlyName: "Analytical Engines representative",
    Type: "authorized_representative_1",
    Attributes: { first_name: "Ada", last_name: "Lovelace", email: "ada@engines.example", phone_number: "+442079460000", business_title: "Head of Platform", job_position: "Director" },
  });
  const addressDocument = new twilio.SupportingDocument("twilio-address-document", {
    FriendlyName: "Analytical Engines address",
    Type: "customer_profile_address",
    Attributes: { address_sids: address.sid },
  });
  const twilioProfile = new twilio.CustomerProfile("twilio", {
    FriendlyName: "Analytical Engines Support",
    Email: "compliance@engines.example",
    PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5",
    EntityAssignments: [business.sid, representative.sid, addressDocument.sid, config.require("primaryCustomerProfileSid")],
    Status: "pending-review",
  });

  return { twilioProfileSid: twilioProfile.sid, twilioStatus: twilioProfile.status, twosmsAccountId: twosmsAccount.id, wavixTimeZone: wavixProfile.time_zone, voximplantLocation: voximplantAccount.location };
}
