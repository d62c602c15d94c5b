#!/bin/sh
# Entry point of the application image. The first argument names what to run:
#   <service> [args...]   a service, e.g. `projector` or `exchange-sim --port 8710`
#   polly <command> ...   the command line, e.g. `polly migrate`
#   anything else         run as given (e.g. `sh`)
set -eu
dist=/app/.artifacts/dist
name="${1:-}"
if [ -z "$name" ]; then
  echo "name a service ($(ls "$dist/services" | tr '\n' ' ')) or polly <command>" >&2
  exit 2
fi
shift
if [ "$name" = polly ]; then
  exec node --enable-source-maps "$dist/libs/cli/main.mjs" "$@"
fi
if [ -f "$dist/services/$name/main.mjs" ]; then
  exec node --enable-source-maps "$dist/services/$name/main.mjs" "$@"
fi
exec "$name" "$@"
