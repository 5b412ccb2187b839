import { SandboxServer } from "./framework";
import { WavixEmulator } from "./wavix";

export * from "./framework";
export { WavixEmulator, defaultWavixProfile } from "./wavix";

/** Every emulator, each on its own loopback port; what the demo, the tests and `npm run sandbox` start. */
export interface Sandbox {
  wavix: { server: SandboxServer; emulator: WavixEmulator };
  /** Environment variables that point the provider at these emulators with their credentials. */
  env: Record<string, string>;
  clearLogs(): void;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const wavixEmulator = new WavixEmulator();
  const wavix = await SandboxServer.start(wavixEmulator);
  const servers = [wavix];
  return {
    wavix: { server: wavix, emulator: wavixEmulator },
    env: { WAVIX_BASE_URL: wavix.url, WAVIX_API_KEY: wavixEmulator.apiKey },
    clearLogs: () => servers.forEach((s) => s.clearLog()),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
