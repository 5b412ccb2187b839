#!/usr/bin/env bash
# `npm test`: the README's test command and what .ci/run calls. The end-to-end suite needs the
# Pulumi CLI (built once, cached) and the compiled engine, which the dynamic-provider process loads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="$(bash scripts/pulumi-cli/ensure.sh)"
export PATH="$bin:$PATH"
npm run build --silent
exec npx jest "$@"
