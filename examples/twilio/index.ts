import * as pulumi from "@pulumi/pulumi";
import { twilio } from "pulumi-profiles";

// One customer of an ISV, onboarded as a Secondary Customer Profile: its address, business
// information, authorized representative and address document, the profile holding them and
// the ISV's own (approved) primary profile, then submitted for Twilio's review.
//
// Credentials (an API key is what Twilio recommends):
//   pulumi config set twilio:apiKey SK…   &&  pulumi config set --secret twilio:apiSecret …
//   or twilio:accountSid + --secret twilio:authToken, or TWILIO_* environment variables.
// The ISV's primary Customer-Profile: pulumi config set primaryCustomerProfileSid BU…
const config = new pulumi.Config();

const address = new twilio.Address("acme-hq", {
  CustomerName: "Acme, Inc.",
  Street: "1234 Market St",
  City: "San Francisco",
  Region: "CA",
  PostalCode: "94103",
  IsoCountry: "US",
  FriendlyName: "Acme HQ",
});

const business = new twilio.EndUser("acme-business", {
  FriendlyName: "Acme business information",
  Type: "customer_profile_business_information",
  Attributes: {
    business_name: "Acme, Inc.",
    business_identity: "direct_customer",
    business_type: "Corporation",
    business_industry: "TECHNOLOGY",
    business_registration_identifier: "EIN",
    business_registration_number: "12-3456789",
    business_regions_of_operation: "USA_AND_CANADA",
    website_url: "https://acme.example",
  },
});

const representative = new twilio.EndUser("acme-representative", {
  FriendlyName: "Acme authorized representative",
  Type: "authorized_representative_1",
  Attributes: {
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ada@acme.example",
    phone_number: "+14155550100",
    business_title: "Head of Platform",
    job_position: "Director",
  },
});

const addressDocument = new twilio.SupportingDocument("acme-address", {
  FriendlyName: "Acme address",
  Type: "customer_profile_address",
  Attributes: { address_sids: address.sid },
});

export const profile = new twilio.CustomerProfile("acme", {
  FriendlyName: "Acme, Inc.",
  Email: "compliance@acme.example",
  PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5",
  StatusCallback: "https://hooks.example.com/twilio/trusthub",
  // What the bundle holds. Before it submits, the provider asks Twilio's Evaluation of the bundle
  // and refuses (naming what is missing) rather than submit one that would be rejected.
  EntityAssignments: [business.sid, representative.sid, addressDocument.sid, config.require("primaryCustomerProfileSid")],
  Status: "pending-review",
});

// To manage objects that already exist instead, give their Sids (`pulumi-profiles import twilio`
// writes such a program from a live bundle):
//   new twilio.CustomerProfile("existing", { sid: "BU…", Email: "…" });

export const sid = profile.sid;
export const status = profile.status;
