import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { listAdapters } from "../provider/engine/registry";
import { Settings } from "../provider/engine/settings";
import { generateProgram } from "./codegen";
import { importProfiles } from "./importProfiles";
import { stackConfig } from "./stackConfig";
import { drift, DRIFT_SUMMARY_USAGE, DRIFT_USAGE, driftSummary } from "./drift/command";

const USAGE = `Usage: pulumi-profiles import <api…|--all> [--sid BU…] [--id GUID] [--out file.ts]

Reads the live profile (one read per profile) and prints the Pulumi program that manages it.
A Twilio profile comes with its bundle: the end users, documents and addresses it holds.
APIs: ${listAdapters().map((a) => a.name).join(", ")}
Credentials: the same stack config (inside a Pulumi project) and environment variables as the provider.
Progress goes to stderr; the program goes to stdout (or --out), so it can be piped.`;

/** Where the command reads and writes; tests pass their own. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const processIo: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
};

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  if (argv[0] === "drift") return drift(argv.slice(1), io);
  if (argv[0] === "drift-summary") return driftSummary(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { sid: { type: "string" }, id: { type: "string" }, out: { type: "string" }, all: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  const [command, ...apis] = parsed.positionals;
  if (parsed.values.help || command !== "import") {
    io.err(`${USAGE}\n\n${DRIFT_USAGE}\n\n${DRIFT_SUMMARY_USAGE}\n`);
    return parsed.values.help ? 0 : 1;
  }
  const known = listAdapters().map((a) => a.name);
  const unknown = apis.filter((a) => !known.includes(a));
  if (unknown.length > 0 || (apis.length === 0 && !parsed.values.all)) {
    io.err(`${unknown.length > 0 ? `unknown API: ${unknown.join(", ")}` : "name an API or give --all"}\n\n${USAGE}\n`);
    return 1;
  }
  const progress = (line: string) => io.err(`[pulumi-profiles] ${line}\n`);
  try {
    const settings = new Settings(stackConfig(io.cwd, io.env, progress), io.env);
    const profiles = await importProfiles({ apis, all: Boolean(parsed.values.all), sid: parsed.values.sid, id: parsed.values.id }, settings, progress);
    if (profiles.length === 0) {
      progress("no profile found: no API has credentials set");
      return 1;
    }
    const program = generateProgram(profiles, ["pulumi-profiles", ...argv].join(" "));
    if (parsed.values.out) {
      writeFileSync(parsed.values.out, program);
      progress(`wrote ${profiles.length} ${profiles.length === 1 ? "profile" : "profiles"} to ${parsed.values.out}`);
    } else {
      io.out(program);
    }
    return 0;
  } catch (err) {
    progress(`import failed: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  // exitCode, not process.exit(): a report piped to another program must be written in full first.
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
