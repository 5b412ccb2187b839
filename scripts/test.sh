#!/usr/bin/env bash
# `npm test`: the README's test command and what .ci/run calls. The end-to-end suites need the
# Pulumi CLI and its Node.js language host (built once, cached) and the compiled engine, which the
# dynamic-provider process loads and test/project packs (`npm pack`) as users get it.
#
# Building the CLI takes minutes the first time, so it runs beside the TypeScript build, the
# type-check and the suites that need no CLI (unit, contract, reliability); the suites that drive
# the CLI run once it is there. With arguments (`npm test -- test/e2e/wavix.test.ts`) jest runs
# once, with them, after both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cli_dir="$(mktemp)"
trap 'rm -f "$cli_dir"' EXIT
bash scripts/pulumi-cli/ensure.sh > "$cli_dir" &
cli_build=$!

npm run build --silent
# The tests' own type-check, once for all of them: jest only transpiles (tsconfig.jest.json).
npx tsc --noEmit -p tsconfig.json

without_cli='/test/(unit|contract|reliability)/'
status=0
if [ $# -eq 0 ]; then
  npx jest "$without_cli" || status=$?
fi
wait "$cli_build"
export PATH="$(cat "$cli_dir"):$PATH"
if [ $# -eq 0 ]; then
  # Every other test file, so a new directory of tests cannot be left out.
  npx jest --testPathIgnorePatterns "$without_cli" || status=$?
else
  npx jest "$@" || status=$?
fi
exit "$status"
