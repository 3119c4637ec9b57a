# Frontend image: nginx serving the built Vue app and proxying /api and /socket.io to the backend.
# Built from the repository root:
#   docker build -f infra/docker/frontend.Dockerfile -t hoistway/frontend:local .
ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginx:1.28-alpine

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

# ---- build: Vite production build (workspace packages resolve to their TypeScript sources)
FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY packages/shared-types packages/shared-types
COPY packages/simulator packages/simulator
COPY packages/frontend packages/frontend
RUN cd packages/frontend && npx vite build

# ---- runtime: nginx with the static files only, non-root (listens on 8080)
FROM ${NGINX_IMAGE} AS runtime
# The project's own OCI labels (the base image's would otherwise describe Debian, node or nginx);
# CI passes the version and commit.
ARG HOISTWAY_VERSION=0.1.0
ARG HOISTWAY_REVISION=unknown
LABEL org.opencontainers.image.title="hoistway-frontend" \
      org.opencontainers.image.description="Hoistway web app served by nginx, which proxies the API and Socket.IO" \
      org.opencontainers.image.vendor="Hoistway" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="${HOISTWAY_VERSION}" \
      org.opencontainers.image.revision="${HOISTWAY_REVISION}" \
      maintainer="Hoistway"
RUN rm -f /etc/nginx/conf.d/default.conf /usr/share/nginx/html/*
COPY infra/nginx/nginx.conf /etc/nginx/nginx.conf
COPY infra/nginx/conf.d/ /etc/nginx/conf.d/
COPY infra/nginx/snippets/ /etc/nginx/snippets/
COPY --from=build /app/packages/frontend/dist /usr/share/nginx/html
USER nginx
EXPOSE 8080
# nginx's own liveness endpoint (curl in Debian-based nginx images, busybox wget in Alpine ones)
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
CMD ["nginx", "-g", "daemon off;"]
