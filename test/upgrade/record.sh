#!/usr/bin/env bash
# Records the upgrade fixtures of the release checked out, into test/upgrade/fixtures/<version>/.
# Run it on the release's own commit (a `git worktree add` of its tag), then copy that
# directory into the branch that moves on. UPGRADE_RECORD_ONLY=stack1,stack2 records a subset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin="$(bash scripts/pulumi-cli/ensure.sh)"
export PATH="$bin:$PATH"
# The fixtures' programs load the compiled package, as users' programs do.
npm run build --silent
exec npx jest --testMatch '<rootDir>/test/upgrade/record.ts' "$@"
