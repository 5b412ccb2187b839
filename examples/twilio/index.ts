import { twilio } from "pulumi-profiles";

// Credentials (an API key is what Twilio recommends):
//   pulumi config set twilio:apiKey SK…   &&  pulumi config set --secret twilio:apiSecret …
//   or twilio:accountSid + --secret twilio:authToken, or TWILIO_* environment variables.
export const profile = new twilio.CustomerProfile("support", {
  FriendlyName: "Analytical Engines Support",
  Email: "compliance@engines.example",
  PolicySid: "RNdfbf3fae0e1107f8aded0e7cead80bf5",
  StatusCallback: "https://hooks.example.com/twilio/trusthub",
  // Set to "pending-review" to submit the profile for Twilio's review.
  Status: "draft",
});

// To manage a profile that already exists instead, give its Sid:
//   new twilio.CustomerProfile("existing", { sid: "BU…", Email: "…" });

export const sid = profile.sid;
export const status = profile.status;
