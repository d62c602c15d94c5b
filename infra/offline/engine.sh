#!/usr/bin/env bash
# A Docker engine on machines where none runs by default (see docs/docker.md, "Offline machines").
#   engine.sh ensure             use the running engine, or install (Debian, as root) and start one
#   engine.sh start-fresh DIR    start a second, empty engine keeping everything in DIR; prints its
#                                DOCKER_HOST (the bundle test loads a bundle into it)
#   engine.sh stop DIR           stop the engine started with start-fresh DIR and delete DIR
#   engine.sh stop-default       stop the engine `ensure` started (if it started one)
# Exit status 3 means no engine can run here (no root, no packages, or the kernel refuses);
# callers treat that as "skip", anything else non-zero as a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
state="$root/.artifacts/docker"
mkdir -p "$state"

cannot() {
  echo "engine: $*" >&2
  exit 3
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || cannot "missing ${missing[*]} and not root to install them"
  command -v apt-get >/dev/null 2>&1 || cannot "missing ${missing[*]} and no apt-get"
  echo "engine: installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$state/apt.log" 2>&1 ||
    cannot "apt-get could not install ${missing[*]} (log: $state/apt.log)"
}

# start NAME DATA_ROOT EXEC_ROOT SOCKET PIDFILE: dockerd without iptables or a bridge (containers
# use host networking on these machines), waiting up to 60 s for it to answer.
start() {
  local name="$1" data_root="$2" exec_root="$3" socket="$4" pidfile="$5"
  [ "$(id -u)" -eq 0 ] || cannot "not root: cannot start dockerd"
  command -v dockerd >/dev/null 2>&1 || cannot "dockerd is not installed"
  mkdir -p "$data_root" "$exec_root"
  local log="$state/dockerd-$name.log"
  setsid dockerd --iptables=false --bridge=none --storage-driver=overlay2 \
    --data-root "$data_root" --exec-root "$exec_root" --pidfile "$pidfile" --host "unix://$socket" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 60); do
    if DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1; then
      echo "$pid" >"$state/dockerd-$name.started"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -5 "$log" >&2
      cannot "dockerd exited at start (log: $log)"
    fi
    sleep 1
  done
  kill "$pid" 2>/dev/null || true
  cannot "dockerd did not answer within 60 s (log: $log)"
}

stop() {
  local name="$1" marker="$state/dockerd-$1.started"
  [ -f "$marker" ] || return 0
  local pid
  pid="$(cat "$marker")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  rm -f "$marker"
  echo "engine: stopped the $name engine (pid $pid)"
}

case "${1:-}" in
  ensure)
    if docker info >/dev/null 2>&1; then
      install_packages
      echo "engine: using the running Docker engine ($(docker info --format '{{.ServerVersion}}'))"
      exit 0
    fi
    install_packages
    start default /var/lib/docker /var/run/docker "/var/run/docker.sock" /var/run/docker.pid
    echo "engine: started a Docker engine ($(docker info --format '{{.ServerVersion}}'))"
    ;;
  start-fresh)
    folder="${2:?engine.sh start-fresh DIR}"
    [ -e "$folder/data" ] && cannot "$folder/data exists: a fresh engine needs an empty folder"
    mkdir -p "$folder"
    # The socket path must stay short (unix sockets are limited to about 100 characters).
    start fresh "$folder/data" "$folder/exec" "$folder/docker.sock" "$folder/docker.pid"
    echo "unix://$folder/docker.sock"
    ;;
  stop)
    folder="${2:?engine.sh stop DIR}"
    stop fresh
    # The engine leaves mounts behind (its network namespace, overlay layers): undo them, deepest first.
    awk -v prefix="$folder/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount_point; do
      umount "$mount_point" 2>/dev/null || umount -l "$mount_point" 2>/dev/null || true
    done
    rm -rf "$folder"
    ;;
  stop-default) stop default ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
