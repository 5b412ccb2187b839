#!/usr/bin/env bash
# Makes a Pulumi CLI matching @pulumi/pulumi available offline and prints its bin directory.
#
# The CLI cannot be downloaded here, so when no recent enough `pulumi` is on PATH it is built
# from the Go module github.com/pulumi/pulumi/pkg/v3 through the small wrapper module beside
# this script (go.mod pins the version; `replace` directives of Pulumi's own go.mod do not
# apply to dependents, so the wrapper repeats the one that matters). The result is cached
# outside the repo and reused by later runs. Next to the binary go:
# - `pulumi-language-nodejs`, the Node.js language host that runs a project directory's
#   program (`pulumi up` where Pulumi.yaml is). Its module was split out of sdk/v3 after
#   v3.68.0 and the module proxy does not serve the split-out one, so it is built from
#   sdk/v3 v3.68.0 through its own wrapper module, language-nodejs/ (the CLI's wrapper pins
#   sdk/v3 v3.248.0, and one module cannot hold both). The CLI talks to language hosts over
#   gRPC and accepts older ones, as it must for independently released hosts.
# - our own `pulumi-resource-pulumi-nodejs` launcher: the executable the CLI starts for
#   dynamic providers.
# A `pulumi` found on PATH keeps the language host it was installed with.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pinned() { sed -n "s#^require $1 \\(v[^ ]*\\)\$#\\1#p" "$2"; } # $1 = module, $2 = go.mod
cli_version="$(pinned github.com/pulumi/pulumi/pkg/v3 "$here/go.mod")"
host_version="$(pinned github.com/pulumi/pulumi/sdk/v3 "$here/language-nodejs/go.mod")"
# The SDK the programs load, wherever npm put it (this script also ships inside the package).
sdk_version="$(node -p 'require(require.resolve("@pulumi/pulumi/package.json", { paths: [process.argv[1]] })).version' "$here")"
cache="${PULUMI_PROFILES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-profiles}/$cli_version"
bin="$cache/bin"

log() { echo "[pulumi-cli] $*" >&2; }

version_ok() { # $1 = a pulumi binary; true when it reports >= the SDK's version
  local have
  have="$("$1" version 2>/dev/null | tr -d 'v\n')" || return 1
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$sdk_version" "$have" | sort -V | head -n1)" = "$sdk_version" ]
}

write_launcher() { # $1 = directory; replaced by a rename, so a CLI running the old one is undisturbed
  cat > "$1/.launcher.$$" <<'LAUNCHER'
#!/bin/sh
# Pulumi's dynamic-provider host, resolved from the program directory (the CLI's working
# directory for plugins), as the launcher shipped with the Pulumi CLI does.
host="$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider")' 2>/dev/null)" || {
  echo "pulumi-resource-pulumi-nodejs: cannot find @pulumi/pulumi/cmd/dynamic-provider from $(pwd)" >&2
  exit 1
}
exec node "$host" "$@"
LAUNCHER
  chmod 755 "$1/.launcher.$$"
  mv -f "$1/.launcher.$$" "$1/pulumi-resource-pulumi-nodejs"
}

cli_cached() { [ -x "$bin/pulumi" ] && version_ok "$bin/pulumi"; }
host_cached() { [ -x "$bin/pulumi-language-nodejs" ] && [ "$(cat "$bin/pulumi-language-nodejs.version" 2>/dev/null)" = "$host_version" ]; }

go_build() { # $1 = wrapper module dir, $2 = version to report, $3 = main package, $4 = output
  (
    cd "$1"
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$2" -o "$4.partial" "$3"
  )
  mv "$4.partial" "$4"
}

if [ -z "${PULUMI_PROFILES_BUILD_CLI:-}" ] && ambient="$(command -v pulumi 2>/dev/null)" && version_ok "$ambient"; then
  dir="$(dirname "$(readlink -f "$ambient")")"
  if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    # Not $bin: the language host built there would shadow the one installed with this CLI.
    dir="$cache/with-ambient-cli"
    mkdir -p "$dir"
    ln -sf "$ambient" "$dir/pulumi"
    write_launcher "$dir"
  fi
  log "using $ambient ($("$ambient" version))"
  echo "$dir"
  exit 0
fi

if ! cli_cached || ! host_cached; then
  # Go's standard install location, for environments whose PATH does not include it.
  command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"; }
  command -v go >/dev/null || { log "no pulumi >= $sdk_version on PATH and no Go toolchain to build one"; exit 1; }
  mkdir -p "$bin"
  # One build at a time per cache: a second caller waits, then finds the binaries built.
  exec 9>"$cache/build.lock"
  flock 9
  if ! cli_cached; then
    log "building the Pulumi CLI $cli_version from Go modules into $bin (first run only; a few minutes)"
    started=$(date +%s)
    go_build "$here" "$cli_version" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bin/pulumi"
    version_ok "$bin/pulumi" || { log "the built CLI does not report $cli_version (>= $sdk_version needed)"; exit 1; }
    log "built the CLI in $(( $(date +%s) - started )) s"
  fi
  if ! host_cached; then
    log "building the Node.js language host $host_version from Go modules into $bin (first run only; about a minute)"
    started=$(date +%s)
    go_build "$here/language-nodejs" "$host_version" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$bin/pulumi-language-nodejs"
    echo "$host_version" > "$bin/pulumi-language-nodejs.version"
    log "built the language host in $(( $(date +%s) - started )) s"
  fi
  flock -u 9
else
  log "using cached $bin/pulumi ($cli_version, language host $host_version)"
fi
write_launcher "$bin"
echo "$bin"
