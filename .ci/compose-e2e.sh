#!/usr/bin/env bash
# End-to-end check of the four-container stack, as QA would run it:
#   workflow files validated → Docker engine + local stand-in base images (no registry here) → images
#   built → stack up from clean (fresh volumes), health-gated → `nginx -t` in the frontend image →
#   image sizes → Playwright suite (packages/e2e) and host-side infra tests (infra/tests) against
#   http://127.0.0.1:$HOISTWAY_PORT → backend integration test through Testcontainers → teardown with
#   volumes (always, via trap). Exits non-zero on any failure.
# Env: HOISTWAY_PORT (default 5007; a free port is picked when it is taken), E2E_SKIP_PLAYWRIGHT=1,
#      CONTAINER_ENV (a folder of scripts that start a Docker engine and stand-in base images; .ci/run finds it).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
T0=$SECONDS
CONTAINER_ENV="${CONTAINER_ENV:-$(cd "$REPO/.." && pwd)/shared/container-env}"
export NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0

step() { echo; echo "== [$((SECONDS - T0))s] $*"; }
fail() { echo "compose-e2e: FAILED: $*" >&2; exit 1; }

step "Workflow files"
npm run --silent lint:workflows

step "Docker engine and base images"
if [ -x "$CONTAINER_ENV/docker-up.sh" ]; then
  "$CONTAINER_ENV/docker-up.sh"
  # last stdout line: NODE_IMAGE=… NGINX_IMAGE=… POSTGRES_IMAGE=… (local stand-ins for the official images)
  export $("$CONTAINER_ENV/base-images.sh" | tail -n 1)
else
  echo "no $CONTAINER_ENV: using the official base images"
fi
echo "NODE_IMAGE=${NODE_IMAGE:-default} NGINX_IMAGE=${NGINX_IMAGE:-default} POSTGRES_IMAGE=${POSTGRES_IMAGE:-default}"

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
HOISTWAY_PORT="${HOISTWAY_PORT:-5007}"
if port_taken "$HOISTWAY_PORT"; then
  for p in $(seq 15007 15107); do port_taken "$p" || { HOISTWAY_PORT=$p; break; }; done
  echo "port 5007 is in use: publishing the stack on $HOISTWAY_PORT"
fi
export HOISTWAY_PORT
export HOISTWAY_URL="http://127.0.0.1:$HOISTWAY_PORT"
# The setup link the backend prints is built on it.
export PUBLIC_URL="$HOISTWAY_URL"
# The stack requires login: the backend starts with this setup token (docker-compose.e2e.yml), and the
# Playwright global setup and infra/tests create or sign in as the e2e admin with it.
export E2E_SETUP_TOKEN="${E2E_SETUP_TOKEN:-e2e-setup-token-0123456789}"
# compose reads these: every `docker compose` below (and in infra/tests) targets the e2e stack
export COMPOSE_FILE="infra/docker/docker-compose.yml:infra/docker/docker-compose.e2e.yml"
export COMPOSE_PROJECT_NAME=hoistway-e2e
# the simulator (profile "tools") is built and torn down with the stack, but only ever `run`, never `up`
with_tools() { COMPOSE_PROFILES=tools "$@"; }

teardown() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    echo "---- compose ps / logs (failure) ----" >&2
    docker compose ps >&2 || true
    docker compose logs --no-color --tail=60 >&2 || true
  fi
  step "Teardown (containers, networks, volumes)"
  with_tools docker compose down -v --remove-orphans --timeout 10 || true
  echo "compose-e2e: $([ "$rc" = 0 ] && echo OK || echo "FAILED (exit $rc)") in $((SECONDS - T0))s"
  exit "$rc"
}
trap teardown EXIT

step "Clean slate"
with_tools docker compose down -v --remove-orphans --timeout 10 >/dev/null 2>&1 || true

step "Build images (frontend, backend, simulator)"
with_tools docker compose build
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^hoistway/' || true

step "nginx -t on the real config, in the built frontend image"
docker run --rm hoistway/frontend:local nginx -t

step "Image sizes (targets: frontend ≤ 60 MB, backend ≤ 250 MB, simulator ≤ 250 MB)"
mb() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1000000 }'; }
for spec in "frontend:${NGINX_IMAGE:-nginx:1.28-alpine}" "backend:${NODE_IMAGE:-node:24-bookworm-slim}" \
            "simulator:${NODE_IMAGE:-node:24-bookworm-slim}"; do
  name="${spec%%:*}"; base="${spec#*:}"
  echo "  hoistway/$name:local $(mb "hoistway/$name:local") MB (base $base: $(mb "$base") MB)"
done

step "Up from clean, health-gated: two backend replicas, three workers"
docker compose up -d --wait --wait-timeout 180 --scale backend=2 --scale worker=3
docker compose ps
curl -fsS "$HOISTWAY_URL/api/ready" && echo

if [ -d packages/e2e ] && [ "${E2E_SKIP_PLAYWRIGHT:-}" != 1 ]; then
  step "Playwright suite against the stack ($HOISTWAY_URL)"
  E2E_BASE_URL="$HOISTWAY_URL" PLAYWRIGHT_HTML_OPEN=never PLAYWRIGHT_HTML_OUTPUT_DIR="$REPO/playwright-report" \
    npx playwright test -c packages/e2e/playwright.config.ts --reporter=list,html
fi

step "Host-side infra tests"
node --test --test-concurrency=1 --test-reporter=spec "infra/tests/*.test.mjs"

step "Backend integration test through Testcontainers (${POSTGRES_IMAGE:-postgres:15-bookworm})"
since="$(date +%s)"
(cd packages/backend && env -u DATABASE_URL npx vitest run test/db/database.test.ts)
started="$(docker events --since "$since" --until "$(date +%s)" --filter event=start \
  --filter "image=${POSTGRES_IMAGE:-postgres:15-bookworm}" --format '{{.ID}}' | wc -l)"
[ "$started" -ge 1 ] || fail "the integration test did not run on a Testcontainers PostgreSQL"
echo "Testcontainers started $started PostgreSQL container(s)"
