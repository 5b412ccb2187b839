#!/usr/bin/env bash
# `npm test`: the README's test command and what .ci/run calls. The end-to-end suites need the
# Pulumi CLI and its Node.js language host (built once, cached) and the compiled engine, which the
# dynamic-provider process loads and test/project packs (`npm pack`) as users get it.
#
# The CLI is built first, alone: its Go build keeps both cores busy, so running the suites that
# need no CLI beside it saved nothing (measured: 638 s for both side by side, against 392 s + about
# 250 s one after the other) and made their timing noisy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="$(bash scripts/pulumi-cli/ensure.sh)"
export PATH="$bin:$PATH"
npm run build --silent
# The tests' own type-check, once for all of them: jest only transpiles (tsconfig.jest.json).
npx tsc --noEmit -p tsconfig.json
exec npx jest "$@"
