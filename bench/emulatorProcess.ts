import { createInterface } from "node:readline";
import { SandboxServer, TwilioEmulator } from "../sandbox";

/**
 * The Twilio emulator in a process of its own, as a real API would be: the scale benchmarks must
 * not share their event loop with the server they measure against. Prints one JSON line with the
 * base URL, credentials and seeded Sids; exits when stdin closes.
 *
 * `emulatorProcess.js PROFILES LATENCY_MS [ACCOUNTS]`: with ACCOUNTS, the profiles are seeded
 * round-robin into that many added accounts (profile i in account i % ACCOUNTS), and the line
 * also holds each account's SID, Auth Token and Sids. A line `count` on stdin is answered with
 * the number of requests served since the last `count`, so a bench can check that what it
 * compares sent the same requests.
 */
async function main(): Promise<void> {
  const [profiles = "1000", latency = "20", accountCount = "0"] = process.argv.slice(2);
  const emulator = new TwilioEmulator();
  const accounts = Array.from({ length: Number(accountCount) }, () => ({ ...emulator.addAccount(), sids: [] as string[] }));
  const sids = Array.from({ length: Number(profiles) }, (_, i) => {
    const account = accounts.length > 0 ? accounts[i % accounts.length]! : undefined;
    const { sid } = emulator.seed({ friendly_name: `Profile ${i}`, email: `p${i}@example.com` }, account ? { account: account.accountSid as `AC${string}` } : {});
    account?.sids.push(sid);
    return sid;
  });
  const server = await SandboxServer.start(emulator);
  server.latencyMs = Number(latency);
  process.stdout.write(JSON.stringify({ url: server.url, accountSid: emulator.accountSid, authToken: emulator.authToken, sids, accounts }) + "\n");
  const commands = createInterface({ input: process.stdin });
  commands.on("line", (line) => {
    if (line.trim() !== "count") return;
    // The log is the framework's; a bench run of many rounds has no use for its bodies.
    process.stdout.write(`${server.requests.length}\n`);
    server.clearLog();
    server.accessLog.length = 0;
  });
  commands.on("close", () => void server.close().then(() => process.exit(0)));
}

void main();
