import { startSandbox, type Sandbox } from "../../sandbox";
import { makeProgramDir } from "../../scripts/pulumi-cli/localStack";

/**
 * A resource made before and released after each test (`each`) or the whole file (`all`). The
 * returned object always stands for the current one, so a file can hold it in a top-level const.
 */
function scoped<T extends object>(scope: "each" | "all", make: () => Promise<T> | T, release: (value: T) => Promise<void> | void): T {
  let current: T | undefined;
  (scope === "each" ? beforeEach : beforeAll)(async () => {
    current = await make();
  });
  (scope === "each" ? afterEach : afterAll)(async () => {
    if (current) await release(current);
  });
  return new Proxy({} as T, {
    get: (_target, key) => {
      if (!current) throw new Error("used outside a test");
      return Reflect.get(current, key);
    },
  });
}

/** Fresh emulators for every test: tests never see each other's profiles or request logs. */
export function sandboxPerTest(): Sandbox {
  return scoped("each", startSandbox, (s) => s.close());
}

/** One set of emulators for the whole file (each test resets what it uses). */
export function sandboxPerFile(): Sandbox {
  return scoped("all", startSandbox, (s) => s.close());
}

/** One Pulumi project directory for the whole file, removed after it. */
export function programDirPerFile(prefix?: string): { readonly dir: string } {
  return scoped("all", () => makeProgramDir(prefix), (p) => p.cleanup());
}
