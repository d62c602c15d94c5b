#!/bin/sh
# Waits until every given container is healthy (or, without a healthcheck, running; a one-shot
# must have exited 0). Usage: wait-healthy.sh SECONDS CONTAINER...
# Exit 0 when all are, 1 on a failed one-shot or when time runs out (naming the laggards).
set -eu
limit="$1"
shift
[ $# -gt 0 ] || { echo "wait-healthy: no containers to wait for" >&2; exit 1; }
started=$(date +%s)
while :; do
  waiting=""
  for container in "$@"; do
    state=$(docker inspect --format '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$container")
    name=$(echo "$state" | cut -d' ' -f1 | sed 's#^/##')
    status=$(echo "$state" | cut -d' ' -f2)
    code=$(echo "$state" | cut -d' ' -f3)
    health=$(echo "$state" | cut -d' ' -f4)
    case "$status/$health" in
      running/healthy | running/none) ;;
      exited/none)
        if [ "$code" != 0 ]; then
          echo "wait-healthy: $name exited with status $code" >&2
          exit 1
        fi
        ;;
      *) waiting="$waiting $name($status/$health)" ;;
    esac
  done
  [ -z "$waiting" ] && exit 0
  if [ $(($(date +%s) - started)) -ge "$limit" ]; then
    echo "wait-healthy: still waiting after ${limit} s for:$waiting" >&2
    exit 1
  fi
  sleep 2
done
