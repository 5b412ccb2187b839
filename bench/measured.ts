import { execFileSync } from "node:child_process";
import { repoRoot } from "../scripts/pulumi-cli/localStack";

/** The commit measured, marked when the working tree differs from it in anything but the bench's own output files. */
export function measuredCommit(outputs: string[]): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  try {
    const dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ...outputs.map((file) => `:!${file}`)) !== "";
    return `${git("rev-parse", "--short=12", "HEAD")}${dirty ? " with uncommitted changes" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
