import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type RecordedRequest, type Sandbox } from "../../sandbox";
import { createStack, makeProgramDir, repoRoot } from "../../scripts/pulumi-cli/localStack";
import { allProfiles, initialDesired, type Desired } from "./program";

/**
 * `npm run demo`: the sandbox emulators plus the real Pulumi CLI, walking examples/all-profiles
 * through preview → up → no-op up → drift (and its report) → refresh → repair → destroy, saying at each step
 * what Pulumi showed and which requests the emulators received.
 */
const transcript: string[] = [];
const say = (text = "") => {
  transcript.push(text);
  process.stdout.write(text + "\n");
};

/**
 * Secrets in request bodies (the 2sms SMS password and OAuth client secret, the Voximplant
 * password and salt) are masked in the narrative. No secret travels in a URL.
 */
function maskBody(body: string): string {
  return body.replace(/("SMSPassword":")[^"]*"/g, '$1***"').replace(/(client_secret|new_account_password|callback_salt)=[^&]*/g, "$1=***");
}

/** Request lines as the emulator saw them. */
function describeRequest(api: string, r: RecordedRequest): string {
  const query = new URLSearchParams(r.query);
  const search = query.size > 0 ? `?${query.toString()}` : "";
  const body = r.body ? ` ${maskBody(r.body)}` : "";
  return `    ${api.padEnd(10)} ${r.method} ${r.path}${search}${body}${r.fault ? ` [${r.fault}]` : ""}`;
}

function requestsSince(sandbox: Sandbox): string[] {
  const lines = Object.entries(sandbox.servers).flatMap(([api, server]) => server.requests.map((r) => describeRequest(api, r)));
  sandbox.clearLogs();
  return lines.length > 0 ? lines : ["    (no requests)"];
}

/** Pulumi's own output, without its timing lines, indented under the narrative. */
function pulumiSaid(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\s*Duration:|@ (updating|previewing|refreshing|destroying)/.test(line))
    .map((line) => `    | ${line}`);
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const program = makeProgramDir("pulumi-profiles-demo-");
  const desired: Desired = { ...initialDesired };
  try {
    say("pulumi-profiles demo: account profiles as code, against local emulators of the real APIs");
    for (const [api, server] of Object.entries(sandbox.servers)) say(`  ${api} emulator at ${server.url}`);
    const stack = await createStack({
      programDir: program.dir,
      stackName: "demo",
      projectName: "all-profiles",
      program: async () => allProfiles(desired),
      env: {
        WAVIX_BASE_URL: sandbox.env.WAVIX_BASE_URL!,
        VOXIMPLANT_BASE_URL: sandbox.env.VOXIMPLANT_BASE_URL!,
        TWOSMS_BASE_URL: sandbox.env.TWOSMS_BASE_URL!,
        TWOSMS_CLIENT_ID: sandbox.env.TWOSMS_CLIENT_ID!,
        TWILIO_TRUSTHUB_BASE_URL: sandbox.env.TWILIO_TRUSTHUB_BASE_URL!,
        TWILIO_API_BASE_URL: sandbox.env.TWILIO_API_BASE_URL!,
        TWILIO_ACCOUNT_SID: sandbox.env.TWILIO_ACCOUNT_SID!,
      },
      config: {
        "wavix:apiKey": { value: sandbox.env.WAVIX_API_KEY!, secret: true },
        "voximplant:credentials": { value: sandbox.env.VOXIMPLANT_CREDENTIALS!, secret: true },
        "all-profiles:voximplantPassword": { value: "Demo-Passw0rd!", secret: true },
        "twosms:clientSecret": { value: sandbox.env.TWOSMS_CLIENT_SECRET!, secret: true },
        "all-profiles:smsPassword": { value: "Demo-Sms-Passw0rd", secret: true },
        "twilio:authToken": { value: sandbox.env.TWILIO_AUTH_TOKEN!, secret: true },
        // The ISV's own approved profile, which the customer's bundle must hold.
        "all-profiles:primaryCustomerProfileSid": { value: sandbox.twilio.emulator.primaryCustomerProfile().sid, secret: false },
      },
    });
    const step = async (title: string, explain: string, run: (onOutput: (s: string) => void) => Promise<unknown>) => {
      say();
      say(`== ${title}`);
      say(`   ${explain}`);
      let out = "";
      let failed: Error | undefined;
      await run((s) => (out += s)).catch((err: Error) => (failed = err));
      say("  Pulumi showed:");
      pulumiSaid(out).forEach((line) => say(line));
      if (failed) say(`  Pulumi exited with an error, as expected: ${failed.message.split("\n").find((l) => l.includes("no changes were expected")) ?? "see above"}`);
      say("  The emulators received:");
      requestsSince(sandbox).forEach((line) => say(line));
    };

    await step("preview", "A new stack: Pulumi plans to bring three account profiles and one Twilio business profile (five objects) under management. Preview sends nothing.", (onOutput) => stack.preview({ onOutput }));
    await step("up", "The three account profiles are adopted: one read each, then one write each carrying only the fields that differ. The Twilio business profile is real objects: the address, two end users and the address document are created, then the profile, its four assignments, one Evaluation of the bundle (compliant) and the submit.", (onOutput) => stack.up({ onOutput }));
    await step("up again", "Nothing changed in the program or the API: no write at all.", (onOutput) => stack.up({ onOutput }));

    desired.wavixTimeZone = "UTC";
    await step("change one field", "The program now says time_zone UTC: the diff names that one field, the PUT carries only it.", (onOutput) =>
      stack.preview({ diff: true, onOutput }).then(() => stack.up({ onOutput })),
    );

    sandbox.wavix.emulator.profile.job_title = "Changed by hand in the portal";
    sandbox.clearLogs();
    await step("drift", "Someone edits job_title in the Wavix portal. `preview --refresh --expect-no-changes` (the CI guard) reads the profile and fails.", (onOutput) =>
      stack.preview({ refresh: true, expectNoChanges: true, diff: true, onOutput }),
    );
    const report = driftReporter(program.dir, stack.workspace.envVars, desired);
    await step("drift report", "`pulumi-profiles drift` runs that same preview in the project directory and says which field moved, its three values, and the two ways out.", async (onOutput) => onOutput(await report("text")));
    if (process.env.PULUMI_PROFILES_DEMO_RECORD) {
      // The report in the other formats, as docs/ shows them; their reads are not the step's.
      writeFileSync(join(repoRoot, "docs/drift-report.md"), await report("markdown"));
      writeFileSync(join(repoRoot, "docs/drift-report.json"), await report("json"));
      sandbox.clearLogs();
    }
    await step("refresh", "`pulumi refresh` records what the API holds now.", (onOutput) => stack.refresh({ onOutput }));
    await step("repair", "`pulumi up` puts job_title back; one PUT with that field only.", (onOutput) => stack.up({ onOutput }));
    await step("destroy", "Destroy forgets the account profiles and leaves them as they are (restoreOnDelete: true would write the originals back); the Twilio objects this stack created (profile, document, end users, address) are deleted.", (onOutput) =>
      stack.destroy({ onOutput }),
    );
    say();
    say("Done. The stack lived in a temporary local backend; nothing outside this machine was contacted.");
  } finally {
    await sandbox.close();
    program.cleanup();
  }
  if (process.env.PULUMI_PROFILES_DEMO_RECORD) writeFileSync(join(repoRoot, "examples/all-profiles/demo-output.txt"), transcript.join("\n") + "\n");
}

/**
 * `pulumi-profiles drift` in each format, run as a user runs it: in the project directory, where
 * the CLI runs the program itself. The demo's program is inline, so the directory gets an
 * index.js that declares the same profiles (the demo's current `desired` passed in the environment).
 */
function driftReporter(dir: string, env: Record<string, string>, desired: Desired): (format: string) => Promise<string> {
  writeFileSync(
    join(dir, "index.js"),
    `// The demo's inline program, for the commands that run this directory (pulumi-profiles drift).\nmodule.exports = require(${JSON.stringify(join(__dirname, "program.js"))}).allProfiles(JSON.parse(process.env.DEMO_DESIRED));\n`,
  );
  return (format) =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [join(repoRoot, "bin/pulumi-profiles.js"), "drift", "--stack", "demo", "--format", format], { cwd: dir, env: { ...process.env, ...env, DEMO_DESIRED: JSON.stringify(desired) } }, (err, stdout, stderr) =>
        // 2: the report found the drift this step made.
        err && err.code !== 2 ? reject(new Error(`pulumi-profiles drift failed: ${stderr}`)) : resolve(stdout),
      ),
    );
}

main().catch((err: Error) => {
  process.stderr.write(`demo failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
