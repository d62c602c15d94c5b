#!/usr/bin/env bash
# docker-compose on these machines: the project's compose files plus the offline override
# (host networking, stand-in images), merged into one file without port publications, which
# host networking makes meaningless and docker-compose 1.29 refuses to combine with it.
#
#   infra/offline/compose.sh --profile sim up -d          (with compose.sim.yaml)
#   infra/offline/compose.sh logs -f execution
#
# POLLY_COMPOSE_FILES   colon-separated files to merge, in order (default: compose.yaml,
#                       compose.sim.yaml and both offline overrides of this repository)
# POLLY_COMPOSE_ENV     the env file for interpolation (default: .env next to the first file)
# COMPOSE_PROJECT_NAME  as for docker-compose (default: polly)
# The merged file holds interpolated settings, so it is written under .artifacts with mode 0600.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
default_files="$root/compose.yaml:$root/compose.sim.yaml:$here/compose.host-network.yaml:$here/compose.build.yaml"
IFS=: read -r -a files <<<"${POLLY_COMPOSE_FILES:-$default_files}"
first_folder="$(cd "$(dirname "${files[0]}")" && pwd)"
env_file="${POLLY_COMPOSE_ENV:-$first_folder/.env}"
project="${COMPOSE_PROJECT_NAME:-polly}"

compose_command=(docker-compose)
command -v docker-compose >/dev/null 2>&1 || compose_command=(docker compose)

arguments=(--project-directory "$first_folder")
[ -f "$env_file" ] && arguments+=(--env-file "$env_file")
for file in "${files[@]}"; do arguments+=(-f "$file"); done

mkdir -p "$root/.artifacts/docker"
merged="$root/.artifacts/docker/$project.compose.yaml"
(
  umask 077
  # Every profile, so the merged file knows every service; the caller picks profiles when it runs.
  COMPOSE_PROFILES=sim,observability "${compose_command[@]}" "${arguments[@]}" config >"$merged.tmp"
  # Drop each service's `ports:` block (the list items that follow it are indented under it).
  awk '/^    ports:$/ { skipping = 1; next } skipping && /^    (-|  )/ { next } { skipping = 0; print }' "$merged.tmp" >"$merged"
  rm -f "$merged.tmp"
)
exec "${compose_command[@]}" --project-name "$project" --project-directory "$first_folder" -f "$merged" "$@"
