import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SANDBOX_POLICY_SID, startSandbox, type Sandbox } from "../../sandbox";
import { snapshotSandbox } from "../../sandbox/snapshot";
import { createStack, exportStackEncrypted, makeProgramDir, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { credentialsSeen } from "../support/apis";
import { FIXTURES_ROOT, fixtureSchema, referSecrets, type Fixture } from "./fixture";
import { installedSdk, programFrom } from "./program";
import { portableExport } from "./portable";
import { encodingsOf } from "./secretScan";

/**
 * Records the upgrade fixtures of the release checked out (`bash test/upgrade/record.sh`): each
 * stack below is applied with the real CLI against fresh emulators, then its encrypted export,
 * its stack config, the emulators' state and the program are written to
 * test/upgrade/fixtures/<version>/<stack>/. Run it once per release that changes state, on
 * that release's commit; earlier releases' fixtures are never re-recorded.
 */
jest.setTimeout(600_000);

interface Recording {
  stack: string;
  about: string;
  /** Secret config keys; each gets a fresh random value that is only ever written encrypted. */
  secrets: string[];
  /** Plain stack config. */
  config?: Record<string, string>;
  /** Sets up what the stack will adopt; the program may name what it made (a Twilio Sid). */
  prepare?(sandbox: Sandbox): Record<string, string>;
  program(prepared: Record<string, string>): Fixture["program"];
  change(prepared: Record<string, string>, sandbox: Sandbox): Fixture["change"];
}

const recordings: Recording[] = [
  {
    stack: "wavix-restore",
    about: "An adopted Wavix profile with restoreOnDelete: true: nested company_info, a write-only field (contacts), originals of every readable field. Destroy writes the originals back.",
    secrets: [],
    program: () => ({
      resources: [
        {
          name: "main",
          type: "wavix.Profile",
          inputs: {
            first_name: "Jason",
            job_title: "Platform lead",
            time_zone: "Europe/Berlin",
            contacts: "ops@analytical.example",
            company_info: { name: "Analytical Engines Ltd", country_code: "GB" },
            restoreOnDelete: true,
          },
        },
      ],
      outputs: { timeZone: "main.time_zone", originals: "main.originals" },
    }),
    change: () => ({ resource: "main", set: { job_title: "Head of platform" }, writes: { job_title: "Head of platform" } }),
  },
  {
    stack: "voximplant",
    about: "An adopted Voximplant account with both write-only secrets (new_account_password, callback_salt), a write-only flag and readable fields of every type. Destroy forgets it.",
    secrets: ["accountPassword", "callbackSalt"],
    program: () => ({
      resources: [
        {
          name: "account",
          type: "voximplant.AccountInfo",
          inputs: {
            account_first_name: "Ivan",
            language_code: "de",
            news_notifications: false,
            min_balance_to_notify: 150,
            callback_url: "https://hooks.example.com/voximplant",
            callback_salt: { $secret: "callbackSalt" },
            new_account_password: { $secret: "accountPassword" },
            store_inbound_sms: true,
          },
        },
      ],
      outputs: { language: "account.language_code" },
    }),
    change: () => ({ resource: "account", set: { location: "Europe/Berlin" }, writes: { location: "Europe/Berlin" } }),
  },
  {
    stack: "twosms-xml",
    about: "An adopted 2sms account written in XML (twosms:wireFormat xml in stack config), with the write-only secret SMSPassword. Every PUT repeats the five required fields. Destroy forgets it.",
    secrets: ["smsPassword"],
    config: { "twosms:wireFormat": "xml" },
    program: () => ({
      resources: [
        {
          name: "account",
          type: "twosms.Account",
          inputs: { SMSPassword: { $secret: "smsPassword" }, Name: "Jordan Telecom Ltd", FirstName: "Jordan", TwoFactorEnabled: true, Website: "https://jordan.example" },
        },
      ],
      outputs: { accountId: "account.id" },
    }),
    change: (_prepared, sandbox) => {
      const account = sandbox.twosms.emulator.account;
      return {
        resource: "account",
        set: { Name: "Jordan & Partners Ltd" },
        writes: {
          Name: "Jordan & Partners Ltd",
          SMSPassword: { $secret: "smsPassword" },
          ContactNumber: account.ContactNumber,
          EmailAddress: account.EmailAddress,
          SMSUsername: account.SMSUsername,
          TimeZone: account.TimeZone,
        },
      };
    },
  },
  {
    stack: "twilio",
    about: "Two Twilio Customer-Profiles: one created by the stack (deleted on destroy) and one adopted by Sid and submitted for review (in-review, left alone on destroy).",
    secrets: [],
    prepare: (sandbox) => ({ adoptedSid: sandbox.twilio.emulator.seed({ friendly_name: "Existing Ltd", email: "existing@acme.example" }).sid }),
    program: ({ adoptedSid }) => ({
      resources: [
        {
          name: "created",
          type: "twilio.CustomerProfile",
          inputs: { FriendlyName: "Acme Support", Email: "compliance@acme.example", PolicySid: SANDBOX_POLICY_SID, StatusCallback: "https://hooks.acme.example/trusthub" },
        },
        { name: "adopted", type: "twilio.CustomerProfile", inputs: { sid: adoptedSid, Email: "existing@acme.example", Status: "pending-review" } },
      ],
      outputs: { createdSid: "created.sid", createdStatus: "created.status", adoptedStatus: "adopted.status", adoptedValidUntil: "adopted.valid_until" },
    }),
    change: () => ({ resource: "created", set: { Email: "trust@acme.example" }, writes: { Email: "trust@acme.example" } }),
  },
];

/** A value no test data could contain by chance, acceptable to every API's password rules. */
const freshSecret = () => `Upg-${randomBytes(12).toString("base64url")}-7x!`;

const release = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
const only = process.env.UPGRADE_RECORD_ONLY?.split(",");

describe(`record upgrade fixtures of ${release} (${commit})`, () => {
  for (const recording of recordings.filter((r) => !only || only.includes(r.stack))) {
    it(recording.stack, async () => {
      const sandbox = await startSandbox();
      const program = makeProgramDir("pulumi-profiles-record-");
      try {
        const prepared = recording.prepare?.(sandbox) ?? {};
        const secrets = Object.fromEntries(recording.secrets.map((key) => [key, freshSecret()]));
        const spec = recording.program(prepared);
        const project = "pulumi-profiles-upgrade";
        const stack = await createStack({
          programDir: program.dir,
          projectName: project,
          stackName: recording.stack,
          program: programFrom(spec, installedSdk()),
          // Credentials from the environment: they die with these emulators, so they stay out of the recorded config.
          env: sandbox.env,
          config: {
            ...Object.fromEntries(Object.entries(recording.config ?? {}).map(([key, value]) => [key, { value }])),
            ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, { value, secret: true }])),
          },
        });
        const up = await stack.up();
        expect(up.summary.result).toBe("succeeded");

        const manifest = fixtureSchema.parse({ release, commit, project, stack: recording.stack, about: recording.about, program: spec, change: recording.change(prepared, sandbox) });
        const files: Record<string, string> = {
          "fixture.json": `${JSON.stringify(referSecrets(manifest, secrets), null, 2)}\n`,
          "stack.json": `${JSON.stringify(portableExport(JSON.parse(await exportStackEncrypted(stack))), null, 2)}\n`,
          [`Pulumi.${recording.stack}.yaml`]: readFileSync(join(program.dir, `Pulumi.${recording.stack}.yaml`), "utf8"),
          "emulators.json": `${JSON.stringify(referSecrets(snapshotSandbox(sandbox), secrets), null, 2)}\n`,
        };
        const leaks = [
          ...Object.values(secrets),
          ...credentialsSeen(sandbox),
          ...["WAVIX_API_KEY", "VOXIMPLANT_CREDENTIALS", "TWOSMS_CLIENT_SECRET", "TWILIO_AUTH_TOKEN"].map((name) => sandbox.env[name]!),
          sandbox.voximplant.emulator.credentials.private_key.split("\n")[1]!,
        ];
        for (const [name, text] of Object.entries(files)) {
          for (const secret of leaks) for (const encoded of encodingsOf(secret)) if (text.includes(encoded)) throw new Error(`${name} would hold a secret in clear`);
        }
        const dir = join(FIXTURES_ROOT, release, recording.stack);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      } finally {
        program.cleanup();
        await sandbox.close();
      }
    });
  }
});
