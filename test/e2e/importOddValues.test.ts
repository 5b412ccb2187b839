import { programDirPerFile, sandboxPerFile } from "../support/fixtures";
import { importAll, stackOfGeneratedProgram, typeErrorsOf, writesSeen } from "../support/importRoundTrip";

/**
 * The import round trip over the awkward values real accounts hold, through the real CLI:
 * `pulumi-profiles import --all` → the program type-checks and passes check → `up` writes
 * nothing to any API → `preview --refresh --expect-no-changes` passes.
 */
jest.setTimeout(420_000);

const sandbox = sandboxPerFile();
const program = programDirPerFile("pulumi-profiles-import-odd-");

const LONG_UNICODE = "Zoë Ødegård-李小龍 «Ünïcödé» ☎ ".repeat(12).trim();

function seedOddValues(): void {
  const wavix = sandbox.wavix.emulator.profile;
  Object.assign(wavix, {
    first_name: "Zoë",
    last_name: "李".repeat(300),
    phone: "+1 (202) 555-0123",
    additional_info: "",
    contact_email: "Billing+Ops@Example.co.uk",
    timezone: "America/Indiana/Tell_City",
    job_title: LONG_UNICODE,
    default_destinations: [
      { transport: "sms", value: "https://hooks.example.com/inbound?x=1&y=é" },
      { transport: "dlr", value: "https://hooks.example.com/dlr" },
    ],
  });
  // Company parts unset: Wavix reports them as null (wavix-node-sdk ProfileResponse.CompanyInfo).
  wavix.company_info = { name: null, industry: "non-profit and charity organizations", address: null, attn_contact_name: null, vat_number: null, country: { country_name: null, country_id: null } };

  Object.assign(sandbox.voximplant.emulator.account, {
    location: "Etc/GMT-14",
    account_first_name: "Ñ".repeat(49),
    account_last_name: "",
    billing_address_address: `${"Via dell'Indipendenza 1, ".repeat(20)}Bologna`,
    account_custom_data: JSON.stringify({ note: "line one\nline two \"quoted\"", emoji: "🚀", list: [1, 2, 3] }),
    callback_url: "",
    callback_salt: "s3cret-salt-odd",
  });

  Object.assign(sandbox.twosms.emulator.account, {
    TimeZone: "Pacific Standard Time (Mexico)",
    Name: LONG_UNICODE,
    Address: "",
    Disclaimer: "Reply STOP to opt out.\nNo marketing — ever.",
    Website: "",
    ContactNumber: "(020) 7946-0000",
  });

  sandbox.twilio.emulator.seed({ friendly_name: "Acme — Support ☎", email: "trust@acme.example" });
  const approved = sandbox.twilio.emulator.seed({ friendly_name: "Acme Approved", email: "approved@acme.example", status: "in-review" });
  sandbox.twilio.emulator.review(approved.sid, "twilio-approved");
}

it("imports odd but valid profiles of every API and round-trips them: no write, clean refresh", async () => {
  seedOddValues();
  const source = await importAll(sandbox, program.dir);
  // Every odd value made it into the program, and no secret.
  expect(source).toContain('TimeZone: "Pacific Standard Time (Mexico)"');
  expect(source).toContain(`Name: ${JSON.stringify(LONG_UNICODE)}`);
  expect(source).toContain('industry: "non-profit and charity organizations"');
  expect(source).toContain('dlr_relay_url: "https://hooks.example.com/dlr"');
  // An approved profile is one submitted for review that Twilio has moved on: it reads as "pending-review".
  expect(source).toMatch(/FriendlyName: "Acme Approved",\n(.*\n)*? {2}Status: "pending-review",/);
  expect(source).not.toContain("s3cret-salt-odd");
  expect(source).not.toContain(sandbox.twosms.emulator.account.SMSPassword);

  expect(typeErrorsOf(source, program.dir)).toEqual([]);
  const stack = await stackOfGeneratedProgram(sandbox, program.dir, "odd", source);
  const checked = await stack.preview();
  expect(checked.changeSummary).toEqual({ create: 7 });

  sandbox.clearLogs();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 7 });
  // Every field is readable (2sms's SMSPassword included), so adopting the accounts as they are writes nothing.
  expect(writesSeen(sandbox)).toEqual([]);

  const clean = await stack.preview({ refresh: true, expectNoChanges: true });
  expect(clean.changeSummary).toEqual({ same: 7 });
  await stack.destroy();
  expect(sandbox.twilio.emulator.profiles.size).toBe(2);
});
