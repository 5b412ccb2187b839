#!/usr/bin/env node
"use strict";
/**
 * A stand-in for GitHub's `gh` CLI, for the CI recipe's tests: the few commands and flags the
 * recipe uses, with the behaviour cli.github.com/manual documents for them, over issues and
 * labels kept in <state dir>/state.json. Every call's argv (and whether it had GH_TOKEN and
 * GH_REPO) is appended to <state dir>/calls.jsonl. Anything else it is asked is an error, so a
 * recipe that calls gh differently fails its test instead of passing against a guess.
 *
 * Usage (through the `gh` wrapper ghStandIn.ts writes): ghStandInProgram.cjs <state dir> <gh args…>
 */
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const [stateDir, ...argv] = process.argv.slice(2);
const statePath = join(stateDir, "state.json");
appendFileSync(join(stateDir, "calls.jsonl"), JSON.stringify({ argv, token: process.env.GH_TOKEN ?? null, repo: process.env.GH_REPO ?? null }) + "\n");

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Each command's flags: "string", "multi" (repeatable) or "boolean"; and how many positionals it takes. */
const COMMANDS = {
  "issue list": { flags: { label: "multi", state: "string", json: "string", jq: "string" }, positionals: 0 },
  "issue create": { flags: { title: "string", label: "multi", "body-file": "string" }, positionals: 0 },
  "issue edit": { flags: { "body-file": "string" }, positionals: 1 },
  "issue close": { flags: { comment: "string" }, positionals: 1 },
  "label create": { flags: { force: "boolean", color: "string", description: "string" }, positionals: 1 },
};

function parse(args) {
  const name = args.slice(0, 2).join(" ");
  const spec = COMMANDS[name];
  if (!spec) fail(`gh stand-in: unsupported command: gh ${args.join(" ")}`);
  const flags = {};
  const positionals = [];
  for (let i = 2; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec.flags[flag];
    if (!kind) fail(`gh stand-in: unsupported flag for gh ${name}: --${flag}`);
    if (kind === "boolean") {
      flags[flag] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) fail(`flag needs an argument: --${flag}`);
    flags[flag] = kind === "multi" ? [...(flags[flag] ?? []), value] : value;
  }
  if (positionals.length !== spec.positionals) fail(`gh stand-in: gh ${name} takes ${spec.positionals} argument(s), got ${positionals.length}`);
  return { name, flags, positionals };
}

const { name, flags, positionals } = parse(argv);
if (!process.env.GH_TOKEN) fail("gh auth login required: set the GH_TOKEN environment variable", 4);
// The project directory is no git checkout with a GitHub remote: without GH_REPO, gh would not know the repository.
if (!process.env.GH_REPO) fail("failed to determine base repo: set GH_REPO");

const state = existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : { labels: {}, issues: [] };
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
const issueUrl = (issue) => `https://github.com/${process.env.GH_REPO}/issues/${issue.number}`;
// GitHub refuses an issue body longer than 65,536 characters (gh prints the GraphQL error).
const readBody = (file, mutation) => {
  const body = readFileSync(file, "utf8");
  if ([...body].length > 65536) fail(`GraphQL: Body is too long (maximum is 65536 characters) (${mutation})`);
  return body;
};
const findIssue = (ref) => state.issues.find((issue) => String(issue.number) === ref) ?? fail(`GraphQL: Could not resolve to an issue or pull request with the number of ${ref}.`);

switch (name) {
  case "issue list": {
    const wanted = flags.state ?? "open";
    if (!["open", "closed", "all"].includes(wanted)) fail(`invalid argument "${wanted}" for "-s, --state" flag`);
    const listed = state.issues
      .filter((issue) => wanted === "all" || issue.state === wanted)
      .filter((issue) => (flags.label ?? []).every((label) => issue.labels.includes(label)))
      .sort((a, b) => b.number - a.number); // newest first, as gh lists them
    if (flags.json !== "number") fail(`gh stand-in: only --json number is supported, got ${flags.json}`);
    const rows = listed.map((issue) => ({ number: issue.number }));
    if (flags.jq === undefined) process.stdout.write(JSON.stringify(rows) + "\n");
    else if (flags.jq === ".[0].number // empty") process.stdout.write(rows.length > 0 ? `${rows[0].number}\n` : "");
    else fail(`gh stand-in: unsupported --jq expression: ${flags.jq}`);
    break;
  }
  case "label create": {
    const [label] = positionals;
    if (state.labels[label] && !flags.force) fail(`label with name "${label}" already exists; use \`--force\` to update its color and description`);
    state.labels[label] = { color: flags.color ?? null, description: flags.description ?? null };
    save();
    break;
  }
  case "issue create": {
    if (!flags.title || flags["body-file"] === undefined) fail("gh stand-in: give --title and --body-file (no prompts in CI)");
    for (const label of flags.label ?? []) if (!state.labels[label]) fail(`could not add label: '${label}' not found`);
    const issue = { number: state.issues.length + 1, title: flags.title, body: readBody(flags["body-file"], "createIssue"), labels: flags.label ?? [], state: "open", comments: [] };
    state.issues.push(issue);
    save();
    process.stdout.write(`${issueUrl(issue)}\n`);
    break;
  }
  case "issue edit": {
    const issue = findIssue(positionals[0]);
    issue.body = readBody(flags["body-file"], "updateIssue");
    save();
    process.stdout.write(`${issueUrl(issue)}\n`);
    break;
  }
  case "issue close": {
    const issue = findIssue(positionals[0]);
    if (issue.state === "closed") {
      process.stderr.write(`! Issue #${issue.number} is already closed\n`);
      break;
    }
    if (flags.comment !== undefined) issue.comments.push(flags.comment);
    issue.state = "closed";
    save();
    process.stderr.write(`✓ Closed issue #${issue.number} (${issue.title})\n`);
    break;
  }
}
