import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localBackendEnv, repoRoot } from "../../scripts/pulumi-cli/localStack";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program as a shell user would (no shell in between); never throws on a non-zero exit. */
export function runCommand(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}

/** A failed command's message with its output, so a red test shows what the CLI said. */
export function commandFailure(what: string, result: CommandResult): Error {
  return new Error(`${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** The example projects shipped in examples/: every directory with a Pulumi.yaml. */
export function exampleNames(): string[] {
  const examples = join(repoRoot, "examples");
  return readdirSync(examples).filter((name) => existsSync(join(examples, name, "Pulumi.yaml")));
}

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;

/**
 * Pulumi's Node.js runtime type-checks a TypeScript program on every run (ts-node), seconds of CPU
 * each time, the same check each time. The suite checks every example once against the packed
 * package instead (projects.test.ts, "type-checks"), and the projects' commands only transpile.
 */
export const TRANSPILE_ONLY = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

/** A Pulumi project directory under the workspace, with its own file backend and PULUMI_HOME. */
export interface Project {
  dir: string;
  /** The CLI's environment: local backend, passphrase secrets, offline. */
  env: Record<string, string>;
  /** `pulumi <args>` in the project; throws with the CLI's output unless it exits 0. */
  pulumi(...args: string[]): Promise<CommandResult>;
  /** `pulumi <args>` in the project, whatever its exit code. */
  pulumiStatus(...args: string[]): Promise<CommandResult>;
}

/**
 * A temp directory holding `npm pack` of this checkout and projects that install it, as users
 * get the package: a file left out of package.json `files` is missing here too. Projects with
 * the same dependencies share one `npm install`, copied by hard links (fast, and each project
 * still has a real node_modules directory of its own).
 */
export class ProjectWorkspace {
  private readonly installs = new Map<string, Promise<string>>();

  private constructor(
    readonly root: string,
    /** The tarball, relative to a project directory (all sit one level below root). */
    private readonly tarballRef: string,
  ) {}

  static async create(): Promise<ProjectWorkspace> {
    if (!existsSync(join(repoRoot, "dist/sdk/index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const root = mkdtempSync(join(tmpdir(), "pulumi-profiles-projects-"));
    // The build already ran (npm test builds first); `prepare` would only repeat it.
    const packed = await runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], { cwd: repoRoot, env: process.env });
    if (packed.code !== 0) throw commandFailure("npm pack", packed);
    const [tarball] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
    return new ProjectWorkspace(root, `file:../${tarball!.filename}`);
  }

  /** examples/<name> copied to <root>/<as>, depending on the packed tarball, dependencies installed. */
  async copyExample(name: string, as: string = name): Promise<Project> {
    const dir = join(this.root, as);
    cpSync(join(repoRoot, "examples", name), dir, { recursive: true, filter: (source) => !source.includes("node_modules") });
    const manifest = readManifest(dir);
    if (!manifest.dependencies?.["pulumi-profiles"]) throw new Error(`examples/${name}/package.json does not depend on pulumi-profiles`);
    manifest.dependencies["pulumi-profiles"] = this.tarballRef;
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
    const installed = await this.install(manifest);
    cpSync(join(installed, "package-lock.json"), join(dir, "package-lock.json"));
    // Hard links: a copy of a hundred megabytes in a second, on the same file system.
    const linked = await runCommand("cp", ["-al", join(installed, "node_modules"), join(dir, "node_modules")], { cwd: this.root, env: process.env });
    if (linked.code !== 0) throw commandFailure("cp -al node_modules", linked);
    const env = { ...localBackendEnv(join(this.root, `${as}.pulumi`)), ...TRANSPILE_ONLY };
    const pulumiStatus = (...args: string[]) => runCommand("pulumi", args, { cwd: dir, env: { ...process.env, ...env } });
    return {
      dir,
      env,
      pulumiStatus,
      pulumi: async (...args) => {
        const result = await pulumiStatus(...args);
        if (result.code !== 0) throw commandFailure(`pulumi ${args.join(" ")}`, result);
        return result;
      },
    };
  }

  /** One `npm install` per distinct dependency set; returns the directory that holds it. */
  install(manifest: PackageManifest): Promise<string> {
    const key = JSON.stringify({ dependencies: manifest.dependencies, devDependencies: manifest.devDependencies });
    let installed = this.installs.get(key);
    if (!installed) {
      const dir = join(this.root, `install-${this.installs.size}`);
      installed = (async () => {
        mkdirSync(dir);
        writeFileSync(join(dir, "package.json"), JSON.stringify({ name: manifest.name, private: true, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies }, null, 2));
        // --prefer-offline: the npm cache answers for anything it already holds.
        const result = await runCommand("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, env: process.env });
        if (result.code !== 0) throw commandFailure("npm install", result);
        return dir;
      })();
      this.installs.set(key, installed);
    }
    return installed;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
