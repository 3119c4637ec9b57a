# Backend image: Fastify API + Socket.IO (packages/backend), built from the repository root:
#   docker build -f infra/docker/backend.Dockerfile -t hoistway/backend:local .
# The base image is a build argument so the same file builds against a local mirror or stand-in.
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

# ---- prod-deps: production dependencies of packages/backend only, without types, maps and docs
FROM deps AS prod-deps
COPY infra/docker/prune-node-modules.sh /usr/local/bin/
RUN prune-node-modules.sh packages/backend

# ---- build: TypeScript → dist for shared-types, simulator and backend (project references)
FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY packages/shared-types packages/shared-types
COPY packages/simulator packages/simulator
COPY packages/backend packages/backend
RUN npx tsc -b packages/backend/tsconfig.lib.json

# ---- runtime: production dependencies and built output only, no Nx, non-root
FROM ${NODE_IMAGE} AS runtime
# The project's own OCI labels (the base image's would otherwise describe Debian, node or nginx);
# CI passes the version and commit.
ARG HOISTWAY_VERSION=0.1.0
ARG HOISTWAY_REVISION=unknown
LABEL org.opencontainers.image.title="hoistway-backend" \
      org.opencontainers.image.description="Hoistway backend: REST API, live sessions over Socket.IO, the database owner" \
      org.opencontainers.image.vendor="Hoistway" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="${HOISTWAY_VERSION}" \
      org.opencontainers.image.revision="${HOISTWAY_REVISION}" \
      maintainer="Hoistway"
ENV NODE_ENV=production PORT=5007 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# workspace package.json files and any nested (non-hoisted) node_modules
COPY --from=prod-deps /app/packages ./packages
COPY --from=build /app/packages/shared-types/dist packages/shared-types/dist
COPY --from=build /app/packages/shared-types/drizzle packages/shared-types/drizzle
COPY --from=build /app/packages/simulator/dist packages/simulator/dist
COPY --from=build /app/packages/backend/dist packages/backend/dist
COPY infra/docker/healthcheck.mjs /usr/local/lib/hoistway/healthcheck.mjs
# PGlite fallback directory (used only without DATABASE_URL), writable by the runtime user
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 5007
# /api/ready: the database answers and every migration is applied
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "/usr/local/lib/hoistway/healthcheck.mjs", "/api/ready"]
CMD ["node", "packages/backend/dist/main.js"]
