import { startSandbox, type Sandbox } from "../../sandbox";

/**
 * A fresh set of emulators for every test in the file, closed after it: tests never see each
 * other's profiles or request logs. The returned object always stands for the current test's
 * sandbox, so a file can hold it in one top-level const.
 */
export function sandboxPerTest(): Sandbox {
  let current: Sandbox | undefined;
  beforeEach(async () => {
    current = await startSandbox();
  });
  afterEach(async () => {
    await current?.close();
  });
  return new Proxy({} as Sandbox, {
    get: (_target, key) => {
      if (!current) throw new Error("sandboxPerTest: used outside a test");
      return Reflect.get(current, key);
    },
  });
}
