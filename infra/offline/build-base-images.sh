#!/usr/bin/env bash
# Builds the stand-in base images the offline compose override uses, on a machine that can reach
# Debian's package archive but no image registry:
#   local/debian:bookworm    debootstrap --variant=minbase, imported as an image
#   local/node:20-bookworm   that, plus this machine's Node.js 20 and npm (Debian's nodejs is 18)
#   local/nats:bookworm      Debian's nats-server, entry point like the official nats image
#   local/postgres:bookworm  Debian's PostgreSQL 15, entry point like the official postgres image
#   local/prometheus:bookworm  Debian's Prometheus, for the observability profile
# An image that already exists is kept (pass --rebuild to make them again), so CI pays once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true
mirror="${POLLY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

say() { printf '\033[36m▸\033[0m %s\n' "$*"; }
have_image() { [ "$rebuild" = false ] && docker image inspect "$1" >/dev/null 2>&1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if have_image local/debian:bookworm; then
  say "local/debian:bookworm exists"
else
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  say "debootstrap bookworm (minbase) from $mirror"
  started=$SECONDS
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - local/debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
  say "local/debian:bookworm built in $((SECONDS - started)) s"
fi

build() {
  local tag="$1" dockerfile="$2" context="$3"
  if have_image "$tag"; then
    say "$tag exists"
    return
  fi
  local started=$SECONDS
  # Host networking: apt-get inside the build reaches the archive the way this machine does.
  docker build --quiet --network host --tag "$tag" --file "$dockerfile" "$context" >/dev/null
  say "$tag built in $((SECONDS - started)) s"
}

node_binary="$(command -v node)"
node_major="$("$node_binary" -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "the host's Node.js is $("$node_binary" --version); the node stand-in needs Node.js 20" >&2
  exit 1
fi
npm_folder="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
mkdir -p "$work/node"
cp "$node_binary" "$work/node/node"
cp -r "$npm_folder" "$work/node/npm"
cp /etc/ssl/certs/ca-certificates.crt "$work/node/ca-certificates.crt"
build local/node:20-bookworm "$here/node.Dockerfile" "$work/node"

mkdir -p "$work/nats"
build local/nats:bookworm "$here/nats.Dockerfile" "$work/nats"

mkdir -p "$work/postgres"
cp "$here/postgres-entrypoint.sh" "$work/postgres/"
build local/postgres:bookworm "$here/postgres.Dockerfile" "$work/postgres"

mkdir -p "$work/prometheus"
build local/prometheus:bookworm "$here/prometheus.Dockerfile" "$work/prometheus"
