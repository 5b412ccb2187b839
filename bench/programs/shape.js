// The stacks every bench program declares, so ours, naive and floor manage the same profiles.
// BENCH_SHAPE: "mixed" (one profile per API, the common case), "twilio" (BENCH_COUNT Twilio
// profiles) or "fleet" (BENCH_COUNT Twilio profiles, profile i in account i mod the number of
// names in BENCH_ACCOUNTS, comma-separated: the `account` input each variant honours its way).
// BENCH_REV is appended to the first Twilio profile's FriendlyName: changing it is the one-field
// `up`. BENCH_VARIANT keeps each variant's Twilio objects apart in the shared emulator.
const variant = process.env.BENCH_VARIANT;
const rev = process.env.BENCH_REV || "";

function twilioArgs(i) {
  return { FriendlyName: `Bench ${variant} ${i}${i === 0 ? rev : ""}`, Email: `bench${i}@example.com`, PolicySid: process.env.BENCH_POLICY_SID };
}

/** declare(api, name, args, secretKeys) is the variant's own resource constructor. */
exports.declareStack = function declareStack(declare) {
  if (process.env.BENCH_SHAPE === "mixed") {
    declare("wavix", "wavix", { first_name: "Ada", last_name: "Lovelace", job_title: "Head of Platform", time_zone: "Europe/London", company_info: { name: "Analytical Engines Ltd", country_code: "GB" } });
    declare("voximplant", "voximplant", { account_first_name: "Ada", language_code: "en", location: "Europe/London", news_notifications: false });
    declare("twosms", "twosms", { Name: "Analytical Engines Ltd", TwoFactorEnabled: true, SMSPassword: process.env.BENCH_SMS_PASSWORD }, ["SMSPassword"]);
    declare("twilio", "twilio", twilioArgs(0));
    return;
  }
  const count = Number(process.env.BENCH_COUNT);
  if (process.env.BENCH_SHAPE === "fleet") {
    const accounts = process.env.BENCH_ACCOUNTS.split(",");
    for (let i = 0; i < count; i++) declare("twilio", `p${i}`, { ...twilioArgs(i), account: accounts[i % accounts.length] });
    return;
  }
  for (let i = 0; i < count; i++) declare("twilio", `p${i}`, twilioArgs(i));
};
