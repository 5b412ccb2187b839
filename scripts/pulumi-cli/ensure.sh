#!/usr/bin/env bash
# Makes a Pulumi CLI matching @pulumi/pulumi available offline and prints its bin directory.
#
# The CLI cannot be downloaded here, so when no recent enough `pulumi` is on PATH it is built
# from the Go module github.com/pulumi/pulumi/pkg/v3 through the small wrapper module beside
# this script (go.mod pins the version; `replace` directives of Pulumi's own go.mod do not
# apply to dependents, so the wrapper repeats the one that matters). The result is cached
# outside the repo and reused by later runs. Next to the binary goes our own
# `pulumi-resource-pulumi-nodejs` launcher: the executable the CLI starts for dynamic providers.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(node -p 'require(process.argv[1]).version' "$here/../../node_modules/@pulumi/pulumi/package.json")"
cache="${PULUMI_PROFILES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-profiles}/v$version"
bin="$cache/bin"

log() { echo "[pulumi-cli] $*" >&2; }

version_ok() { # $1 = a pulumi binary; true when it reports >= the SDK's version
  local have
  have="$("$1" version 2>/dev/null | tr -d 'v\n')" || return 1
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$version" "$have" | sort -V | head -n1)" = "$version" ]
}

write_launcher() { # $1 = directory
  cat > "$1/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
# Pulumi's dynamic-provider host, resolved from the program directory (the CLI's working
# directory for plugins), as the launcher shipped with the Pulumi CLI does.
host="$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider")' 2>/dev/null)" || {
  echo "pulumi-resource-pulumi-nodejs: cannot find @pulumi/pulumi/cmd/dynamic-provider from $(pwd)" >&2
  exit 1
}
exec node "$host" "$@"
LAUNCHER
  chmod 755 "$1/pulumi-resource-pulumi-nodejs"
}

if [ -z "${PULUMI_PROFILES_BUILD_CLI:-}" ] && ambient="$(command -v pulumi 2>/dev/null)" && version_ok "$ambient"; then
  dir="$(dirname "$(readlink -f "$ambient")")"
  if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    mkdir -p "$bin"
    ln -sf "$ambient" "$bin/pulumi"
    write_launcher "$bin"
    dir="$bin"
  fi
  log "using $ambient ($("$ambient" version))"
  echo "$dir"
  exit 0
fi

if [ -x "$bin/pulumi" ] && version_ok "$bin/pulumi"; then
  write_launcher "$bin"
  log "using cached $bin/pulumi (v$version)"
  echo "$bin"
  exit 0
fi

# Go's standard install location, for environments whose PATH does not include it.
command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"; }
command -v go >/dev/null || { log "no pulumi >= $version on PATH and no Go toolchain to build one"; exit 1; }
log "building the Pulumi CLI v$version from Go modules into $bin (first run only; a few minutes)"
started=$(date +%s)
mkdir -p "$bin"
(
  cd "$here"
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
mv "$bin/pulumi.partial" "$bin/pulumi"
write_launcher "$bin"
version_ok "$bin/pulumi" || { log "the built CLI does not report v$version"; exit 1; }
log "built in $(( $(date +%s) - started )) s"
echo "$bin"
