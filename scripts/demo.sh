#!/usr/bin/env bash
# `npm run demo`: the README's main job. Makes sure the Pulumi CLI is there (built once, cached),
# builds the package, and runs examples/all-profiles against the sandbox with the real CLI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="$(bash scripts/pulumi-cli/ensure.sh)"
export PATH="$bin:$PATH"
npm run build --silent
node dist/examples/all-profiles/demo.js
