#!/bin/sh
# Installs and starts Polly Prediction Partners from this folder. Needs only Docker with compose.
#   ./install.sh          load the images, create .env the first time, start everything
#   ./install.sh --sim    the same with the demo environment on the bundled exchange simulator
# Run it again after editing .env (or after a new bundle) to apply the change.
set -eu

sim=false
for argument in "$@"; do
  case "$argument" in
    --sim) sim=true ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $argument (try --help)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")"

if [ -n "${POLLY_COMPOSE_COMMAND:-}" ]; then
  compose="$POLLY_COMPOSE_COMMAND"
elif docker compose version >/dev/null 2>&1; then
  compose="docker compose"
elif command -v docker-compose >/dev/null 2>&1; then
  compose="docker-compose"
else
  echo "Docker with compose is needed: https://docs.docker.com/get-docker/" >&2
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  echo "the Docker engine is not running: start Docker (Docker Desktop, or the docker service) and try again" >&2
  exit 1
fi

images=images.tar.gz
[ -f "$images" ] || images=images.tar
echo "▸ loading the images from $images"
docker load --input "$images" >/dev/null

random_text() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }
# set_value NAME VALUE: replace NAME's line in .env, or add one (compose tools differ on which
# of two lines for one name wins, so there is only ever one).
set_value() {
  awk -v name="$1" -v value="$2" '
    index($0, name "=") == 1 { if (!done) print name "=" value; done = 1; next }
    { print }
    END { if (!done) print name "=" value }
  ' .env >.env.new
  mv .env.new .env
}
if [ ! -f .env ]; then
  umask 077
  cp .env.example .env
  set_value POLLY_CONTROL_TOKEN "$(random_text)"
  set_value POLLY_POSTGRES_PASSWORD "$(random_text)"
  if [ "$sim" = true ]; then
    # Later `docker compose` commands in this folder then include the simulator too.
    set_value COMPOSE_FILE compose.yaml:compose.sim.yaml
    set_value COMPOSE_PROFILES sim
  fi
  echo "▸ created .env with a new API token and database password (your keys go there too; see README.md)"
fi
if [ "$sim" = true ]; then
  export COMPOSE_FILE=compose.yaml:compose.sim.yaml COMPOSE_PROFILES=sim
fi

echo "▸ starting"
# shellcheck disable=SC2086 # $compose is a command with its arguments
$compose up -d
# shellcheck disable=SC2086
containers=$($compose ps -q)
echo "▸ waiting for every service to report healthy"
sh ./wait-healthy.sh 240 $containers

port=$(sed -n 's/^POLLY_CONTROL_PORT=\([0-9][0-9]*\).*/\1/p' .env | tail -1)
echo ""
echo "  Polly Prediction Partners is running: http://127.0.0.1:${port:-4400}"
echo "  Add your Kalshi keys: README.md, \"Your keys\". Logs: docker compose logs -f <service>."
echo "  Stop: docker compose down (your data stays; down -v deletes it)."
