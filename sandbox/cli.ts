import { startSandbox } from "./index";

/** `npm run sandbox`: starts every emulator and prints how to point the provider at them. */
async function main(): Promise<void> {
  const sandbox = await startSandbox();
  process.stdout.write("pulumi-profiles sandbox is running (Ctrl-C to stop). Point the provider at it with:\n\n");
  for (const [name, value] of Object.entries(sandbox.env)) process.stdout.write(`export ${name}='${value}'\n`);
  // Commented out, so pasting the whole output still points the provider at the first account.
  process.stdout.write(`\n# A second account on every API (same base URLs), to try a stack against the wrong account:\n`);
  for (const [name, value] of Object.entries(sandbox.otherEnv)) process.stdout.write(`# export ${name}='${value}'\n`);
  process.stdout.write(`\nRequest logs: GET <base URL>/_sandbox/requests\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
