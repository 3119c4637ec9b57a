# Simulator image: the headless CLI `hoistway-sim` (packages/simulator), built from the repository root:
#   docker build -f infra/docker/simulator.Dockerfile -t hoistway/simulator:local .
#   docker run --rm hoistway/simulator:local run -b examples/office-10.json --json
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: the whole workspace's dependencies from the lockfile (same steps in every image, so the
# layer cache shares them between the three builds)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
COPY packages/shared-types/package.json packages/shared-types/
COPY packages/simulator/package.json packages/simulator/
COPY packages/simulator/bin packages/simulator/bin
COPY packages/backend/package.json packages/backend/
COPY packages/frontend/package.json packages/frontend/
COPY packages/e2e/package.json packages/e2e/
RUN npm ci

# ---- prod-deps: production dependencies of packages/simulator only, without types, maps and docs
FROM deps AS prod-deps
COPY infra/docker/prune-node-modules.sh /usr/local/bin/
RUN prune-node-modules.sh packages/simulator @electric-sql/pglite

# ---- build: TypeScript → dist for shared-types and simulator, then the CLI bundle (dist/bundle/, which
# bin/hoistway-sim.js runs: fast start-up; it loads piscina, postgres, drizzle-orm, @stdlib and
# @hoistway/shared-types/db from node_modules, and the worker from dist/worker/)
FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY packages/shared-types packages/shared-types
COPY packages/simulator packages/simulator
RUN npx tsc -b packages/simulator/tsconfig.lib.json && node packages/simulator/scripts/bundle-cli.mjs

# ---- runtime: production dependencies and built output only, no Nx, non-root
FROM ${NODE_IMAGE} AS runtime
# The project's own OCI labels (the base image's would otherwise describe Debian, node or nginx);
# CI passes the version and commit.
ARG HOISTWAY_VERSION=0.1.0
ARG HOISTWAY_REVISION=unknown
LABEL org.opencontainers.image.title="hoistway-simulator" \
      org.opencontainers.image.description="Hoistway simulator: the hoistway-sim command line (run, compare, generate)" \
      org.opencontainers.image.vendor="Hoistway" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="${HOISTWAY_VERSION}" \
      org.opencontainers.image.revision="${HOISTWAY_REVISION}" \
      maintainer="Hoistway"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# workspace package.json files and any nested (non-hoisted) node_modules
COPY --from=prod-deps /app/packages ./packages
COPY --from=build /app/packages/shared-types/dist packages/shared-types/dist
# `generate` applies the database migrations before writing (drizzle journal + SQL)
COPY --from=build /app/packages/shared-types/drizzle packages/shared-types/drizzle
COPY --from=build /app/packages/simulator/dist packages/simulator/dist
COPY --from=build /app/packages/simulator/bin packages/simulator/bin
# example buildings and traffic, so `generate -b examples/office-10.json` works without a bind mount
COPY --from=build /app/packages/simulator/examples examples
USER node
# A run-once CLI has no server to probe: healthy means the CLI and its dependencies load.
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
  CMD ["node", "packages/simulator/bin/hoistway-sim.js", "--help"]
ENTRYPOINT ["node", "/app/packages/simulator/bin/hoistway-sim.js"]
CMD ["--help"]
