# Helios production image: Node 24 LTS, production dependencies only, non-root, node as PID 1.
# The backend runs its TypeScript directly (Node 24 strips types), so there is no compile step; the
# web console is built once here by the install's `prepare` script.

FROM node:24-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY backend/package.json backend/
COPY appsscript/package.json appsscript/
COPY web/package.json web/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY . .
# Builds web/dist (Vite is a production dependency of web/: `npm install && npm start` needs it).
RUN node scripts/build-web.mjs

FROM node:24-slim
ENV NODE_ENV=production \
    HELIOS_DATA_DIR=/data \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
# Uploaded files (and, embedded mode only, the database) live on a volume owned by the app user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM reaches the server, which drains in-flight
# requests within HELIOS_SHUTDOWN_TIMEOUT_MS and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "backend/src/server.ts"]
