import { wavix } from "pulumi-profiles";

/** The profiles this stack keeps in shape; `desired` lets the demo change one field between runs. */
export interface Desired {
  wavixTimeZone: string;
}

export const initialDesired: Desired = { wavixTimeZone: "Europe/London" };

export function allProfiles(desired: Desired = initialDesired) {
  const wavixProfile = new wavix.Profile("wavix", {
    first_name: "Ada",
    last_name: "Lovelace",
    job_title: "Head of Platform",
    time_zone: desired.wavixTimeZone,
    company_info: { name: "Analytical Engines Ltd", country_code: "GB" },
  });
  return { wavixTimeZone: wavixProfile.time_zone };
}
