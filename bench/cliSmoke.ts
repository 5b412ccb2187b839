import { startSandbox } from "../sandbox";
import { compareOnRealCli } from "./realCli";
(async () => {
  const sandbox = await startSandbox();
  try {
    const r = await compareOnRealCli(sandbox, { count: Number(process.argv[2] ?? 20), parallel: 16, repeats: 1 }, (l) => console.error(l));
    console.log(JSON.stringify(r.shapes.map((s) => ({ shape: s.shape, medianMs: s.medianMs, state: s.stateBytesPerResource, prov: s.serializedProviderBytes })), null, 1));
  } finally { await sandbox.close(); }
})().catch((e) => { console.error(e); process.exit(1); });
