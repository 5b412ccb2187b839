import { SandboxServer, TwilioEmulator } from "../sandbox";

/**
 * The Twilio emulator in a process of its own, as a real API would be: the scale benchmark must
 * not share its event loop with the server it measures against. Prints one JSON line with the
 * base URL, credentials and seeded Sids; exits when stdin closes.
 */
async function main(): Promise<void> {
  const [profiles = "1000", latency = "20"] = process.argv.slice(2);
  const emulator = new TwilioEmulator();
  const sids = Array.from({ length: Number(profiles) }, (_, i) => emulator.seed({ friendly_name: `Profile ${i}`, email: `p${i}@example.com` }).sid);
  const server = await SandboxServer.start(emulator);
  server.latencyMs = Number(latency);
  process.stdout.write(JSON.stringify({ url: server.url, accountSid: emulator.accountSid, authToken: emulator.authToken, sids }) + "\n");
  process.stdin.resume();
  process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
}

void main();
