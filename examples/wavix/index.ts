import { wavix } from "pulumi-profiles";

// Credentials are read by the provider at run time, never passed as inputs:
//   pulumi config set --secret wavix:apiKey <key>      (or export WAVIX_API_KEY)
//   pulumi config set wavix:baseUrl http://127.0.0.1:… (only to use `npm run sandbox`)
export const profile = new wavix.Profile("main", {
  first_name: "Ada",
  last_name: "Lovelace",
  job_title: "Head of Platform",
  time_zone: "Europe/London",
  sms_relay_url: "https://hooks.example.com/wavix/sms",
  company_info: {
    name: "Analytical Engines Ltd",
    country_code: "GB",
  },
});

export const timeZone = profile.time_zone;
