import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GhIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  comments: string[];
}

export interface GhCall {
  argv: string[];
  /** GH_TOKEN and GH_REPO as the call saw them. */
  token: string | null;
  repo: string | null;
}

/** The `gh` stand-in (ghStandInProgram.cjs) installed in a directory: put `binDir` first on PATH. */
export interface GhStandIn {
  binDir: string;
  /** Every call so far, in order. */
  calls(): GhCall[];
  /** The issues as the stand-in keeps them, oldest first. */
  issues(): GhIssue[];
}

export function installGhStandIn(dir: string): GhStandIn {
  const binDir = join(dir, "bin");
  const stateDir = join(dir, "state");
  mkdirSync(binDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const gh = join(binDir, "gh");
  writeFileSync(gh, `#!/bin/sh\nexec node ${JSON.stringify(join(__dirname, "ghStandInProgram.cjs"))} ${JSON.stringify(stateDir)} "$@"\n`);
  chmodSync(gh, 0o755);
  const read = (file: string) => (existsSync(join(stateDir, file)) ? readFileSync(join(stateDir, file), "utf8") : undefined);
  return {
    binDir,
    calls: () =>
      (read("calls.jsonl") ?? "")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as GhCall),
    issues: () => (JSON.parse(read("state.json") ?? '{"issues":[]}') as { issues: GhIssue[] }).issues,
  };
}
