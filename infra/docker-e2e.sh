#!/usr/bin/env bash
# End-to-end test of the Docker path (docs/docker.md). In order:
#   1. a Docker engine: the running one, or one started here (infra/offline/engine.sh)
#   2. the stand-in base images (built once, then kept) and the application image (built once)
#   3. `--profile sim up -d` with compose.sim.yaml, demo in paper mode, and the observability
#      profile's Prometheus; every healthcheck passes
#   4. markets discovered, agents set to Auto, a paper order placed by an agent and projected
#      into Postgres
#   5. `logs execution` is execution's structured log
#   6. `restart execution`: it comes back healthy, keeps placing orders, and no intent has two
#      orders, no order more fills than contracts, no client order id two exchange orders; a
#      projector killed with SIGKILL is restarted by the restart policy
#   7. Prometheus scrapes every service and every query of the Grafana dashboard
#      (infra/grafana/dashboards/polly.json) is valid and has data; then `down -v`
#   8. `polly bundle`, then the bundle's install.sh into a second, empty engine: every service
#      healthy, the cockpit served, markets discovered, nothing pulled
# On these machines compose runs through infra/offline/compose.sh (host networking, stand-in
# images). Options:
#   --if-engine     exit 0 with a notice when no engine can run here (CI uses this)
#   --no-bundle     stop after step 7
#   --keep          leave the stack running for a look (step 8 is skipped)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if_engine=false
bundle=true
keep=false
for argument in "$@"; do
  case "$argument" in
    --if-engine) if_engine=true ;;
    --no-bundle) bundle=false ;;
    --keep) keep=true bundle=false ;;
    *) echo "unknown option $argument" >&2; exit 2 ;;
  esac
done

started_at=$SECONDS
phase_started=$SECONDS
timings=()
say() { printf '\033[36m▸\033[0m %s\n' "$*"; }
phase() {
  timings+=("$(printf '%-44s %4d s' "$1" $((SECONDS - phase_started)))")
  phase_started=$SECONDS
}
failed() {
  printf '\033[31m✗\033[0m %s\n' "$*" >&2
  exit 1
}

# ---- 1. engine ----
set +e
infra/offline/engine.sh ensure
engine_status=$?
set -e
if [ $engine_status -eq 3 ]; then
  if [ "$if_engine" = true ]; then
    echo "docker-e2e: SKIPPED, no Docker engine can run on this machine (see the lines above)"
    exit 0
  fi
  failed "no Docker engine can run on this machine"
fi
[ $engine_status -eq 0 ] || failed "engine.sh failed"
phase "engine"

# ---- 2. images ----
infra/offline/build-base-images.sh
phase "stand-in base images"

work="$(mktemp -d /tmp/polly-docker-e2e.XXXXXX)"
project="polly-e2e"
port=24400
token="e2e-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
cat >"$work/e2e.env" <<EOF
POLLY_DOCKER_ENV_FILE=$work/e2e.env
POLLY_DEMO_TRADE_MODE=paper
POLLY_SIM_MARKETS=300
POLLY_CONTROL_TOKEN=$token
POLLY_POSTGRES_PASSWORD=e2e-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
EOF
export COMPOSE_PROJECT_NAME="$project" POLLY_COMPOSE_ENV="$work/e2e.env"
compose() { infra/offline/compose.sh "$@"; }
sql() { compose exec -T postgres psql -U postgres -d polly -tAX -c "$1"; }

fresh_folder=""
cleanup() {
  local status=$?
  if [ "$keep" = true ] && [ $status -eq 0 ]; then
    say "left running (--keep): COMPOSE_PROJECT_NAME=$project POLLY_COMPOSE_ENV=$work/e2e.env infra/offline/compose.sh down -v"
  else
    if [ $status -ne 0 ]; then
      echo "---- last log lines of each service ----" >&2
      compose logs --no-color --tail 15 >&2 2>/dev/null || true
    fi
    compose --profile sim --profile observability down -v --remove-orphans >/dev/null 2>&1 || true
    if [ -n "$fresh_folder" ]; then
      DOCKER_HOST="unix://$fresh_folder/docker.sock" COMPOSE_PROJECT_NAME=polly-bundle-e2e POLLY_COMPOSE_FILES="$friend_files" \
        POLLY_COMPOSE_ENV="$fresh_folder/friend/.env" infra/offline/compose.sh --profile sim down -v >/dev/null 2>&1 || true
      infra/offline/engine.sh stop "$fresh_folder" || true
    fi
    rm -rf "$work"
  fi
  exit $status
}
trap cleanup EXIT

for busy in 24222 28222 25432 24400 24409 24501 24502 24503 24504 24505 24506 24507 24508 28710 29090; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$busy") 2>/dev/null; then
    failed "port $busy is in use; the offline stack needs 24222-28710 (see infra/offline/compose.host-network.yaml)"
  fi
done

say "building the application image"
compose build migrations >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; failed "the image did not build"; }
# Each build leaves its intermediate stages as untagged images; older ones are only disk.
docker image prune --force --filter until=1h >/dev/null
phase "application image"

# ---- 3. up ----
compose --profile sim down -v --remove-orphans >/dev/null 2>&1 || true
say "docker compose --profile sim up -d"
compose --profile sim up -d --no-build
# Prometheus too (the observability profile's Grafana has no stand-in here), so it has samples
# for the dashboard's rates by the time step 7 looks.
compose --profile observability up -d --no-deps prometheus
# shellcheck disable=SC2046 # one argument per container id
infra/bundle/wait-healthy.sh 240 $(compose --profile sim ps -q)
phase "up, every healthcheck passing"

# ---- 4. markets, an agent's paper order, projected ----
sim_connect="$(compose --profile sim ps -q sim-connect)"
for _ in $(seq 1 60); do
  [ "$(docker inspect --format '{{.State.Status}}' "$sim_connect")" = exited ] && break
  sleep 2
done
[ "$(docker inspect --format '{{.State.ExitCode}}' "$sim_connect")" = 0 ] || failed "the simulator's keys were not connected: $(compose logs --no-color sim-connect)"
node infra/docker/e2e-probe.mjs wait-markets "$port" "$token" 180
phase "markets discovered"
node infra/docker/e2e-probe.mjs set-mode "$port" "$token" Auto
say "waiting for a paper order placed by an agent, projected into Postgres"
orders=0
for _ in $(seq 1 120); do
  orders="$(sql "select count(*) from demo.orders where paper and agent_id is not null")"
  [ "$orders" -gt 0 ] && break
  sleep 2
done
[ "$orders" -gt 0 ] || failed "no paper order from an agent in demo.orders after 240 s"
say "$(sql "select 'first order: ' || agent_id || ' ' || action || ' ' || count || ' ' || side || ' of ' || market_ticker || ' at ' || price || ', ' || status from demo.orders where paper and agent_id is not null order by created_at limit 1")"
phase "a paper order by an agent in Postgres"

# ---- 5. one service's structured log ----
compose logs --no-color execution | node infra/docker/e2e-probe.mjs service-log execution
phase "logs execution"

# ---- 6. restart execution: no duplicates ----
restarted_at="$(sql "select now()")"
say "docker compose restart execution"
compose restart execution
infra/bundle/wait-healthy.sh 120 "$(compose ps -q execution)"
say "waiting for orders placed after the restart"
after=0
for _ in $(seq 1 90); do
  after="$(sql "select count(*) from demo.orders where agent_id is not null and created_at > '$restarted_at'")"
  [ "$after" -gt 0 ] && break
  sleep 2
done
[ "$after" -gt 0 ] || failed "execution placed no order in the 180 s after its restart"
sleep 5
duplicate_intents="$(sql "select count(*) from (select intent_id from demo.orders where intent_id is not null group by intent_id having count(*) > 1) as twice")"
overfilled="$(sql "select count(*) from demo.orders o join (select client_order_id, sum(count) as filled from demo.fills group by client_order_id) f using (client_order_id) where f.filled > o.count")"
# Every exchange (here: paper) order id an order event names, per client order id: one at most.
compose run --rm --no-deps -T migrations polly replay --stream trading --type order.accepted,order.updated,fill.recorded --json 2>/dev/null >"$work/trading.jsonl"
split_orders="$(node -e '
  const ids = new Map();
  for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const data = JSON.parse(line).data;
    const clientOrderId = data.order?.clientOrderId ?? data.clientOrderId;
    const orderId = data.order?.orderId ?? data.orderId;
    if (!clientOrderId || !orderId) continue;
    ids.set(clientOrderId, (ids.get(clientOrderId) ?? new Set()).add(orderId));
  }
  console.log([...ids.values()].filter((set) => set.size > 1).length);
' "$work/trading.jsonl")"
total="$(sql "select count(*) from demo.orders")"
say "after the restart: $total orders ($after new), intents with two orders: $duplicate_intents, overfilled orders: $overfilled, client order ids with two exchange orders: $split_orders"
[ "$duplicate_intents" = 0 ] && [ "$overfilled" = 0 ] && [ "$split_orders" = 0 ] || failed "the restart duplicated orders"
phase "restart execution, no duplicates"

# A crash (SIGKILL from outside, not a stop Docker was asked for): the restart policy brings it back.
if [ "$(id -u)" -eq 0 ]; then
  projector="$(compose ps -q projector)"
  kill -KILL "$(docker inspect --format '{{.State.Pid}}' "$projector")"
  for _ in $(seq 1 30); do
    [ "$(docker inspect --format '{{.RestartCount}}' "$projector")" -gt 0 ] && break
    sleep 1
  done
  [ "$(docker inspect --format '{{.RestartCount}}' "$projector")" -gt 0 ] || failed "the killed projector was not restarted"
  infra/bundle/wait-healthy.sh 120 "$projector"
  say "the killed projector came back (restart policy) and is healthy"
  phase "a crashed service comes back"
else
  say "not root: the crash test (SIGKILL of the projector from outside) is skipped"
fi

# ---- 7. Prometheus scrapes every service, the dashboard's queries have data ----
node infra/docker/e2e-probe.mjs prometheus 29090 infra/grafana/dashboards/polly.json 120 "Dead-lettered messages"
phase "Prometheus and the dashboard queries"

if [ "$keep" = true ]; then
  phase "kept running"
else
  compose --profile sim --profile observability down -v --remove-orphans
  phase "down -v"
fi

# ---- 8. the bundle, into an empty engine ----
if [ "$bundle" = true ]; then
  cli=".artifacts/dist/libs/cli/main.mjs"
  npm run build --silent --workspace @polly/cli >/dev/null
  say "polly bundle"
  COMPOSE_FILE="compose.yaml:compose.sim.yaml:infra/offline/compose.host-network.yaml" node "$cli" bundle --no-build --output "$work/bundle"
  phase "polly bundle"

  fresh_folder="$(mktemp -d /tmp/polly-engine.XXXXXX)"
  rmdir "$fresh_folder"
  friend_files="$fresh_folder/friend/compose.yaml:$fresh_folder/friend/compose.sim.yaml:$root/infra/offline/compose.host-network.yaml"
  fresh_socket="$(infra/offline/engine.sh start-fresh "$fresh_folder")"
  mkdir -p "$fresh_folder/friend"
  cp -a "$work/bundle/." "$fresh_folder/friend/"
  [ -z "$(DOCKER_HOST="$fresh_socket" docker images -q)" ] || failed "the fresh engine is not empty"
  phase "an empty engine"

  say "install.sh --sim from the bundle, on the empty engine"
  # The host-network override is what these machines add to any compose project; the bundle
  # brings everything else.
  DOCKER_HOST="$fresh_socket" COMPOSE_PROJECT_NAME=polly-bundle-e2e POLLY_COMPOSE_COMMAND="$root/infra/offline/compose.sh" \
    POLLY_COMPOSE_FILES="$friend_files" POLLY_COMPOSE_ENV="$fresh_folder/friend/.env" "$fresh_folder/friend/install.sh" --sim
  friend_token="$(sed -n 's/^POLLY_CONTROL_TOKEN=//p' "$fresh_folder/friend/.env")"
  node infra/docker/e2e-probe.mjs cockpit "$port"
  node infra/docker/e2e-probe.mjs wait-markets "$port" "$friend_token" 180
  loaded="$(DOCKER_HOST="$fresh_socket" docker images --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
  bundled="$(node -e 'console.log([...new Set(Object.values(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).images))].sort().join(" "))' "$fresh_folder/friend/bundle.json")"
  [ "$loaded" = "$bundled " ] || failed "the fresh engine holds $loaded, the bundle $bundled"
  say "the fresh engine holds only the bundle's images: $loaded"
  phase "bundle installed and running"
fi

echo ""
echo "docker-e2e: PASSED in $((SECONDS - started_at)) s"
printf '  %s\n' "${timings[@]}"
