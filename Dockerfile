# reporting-gateway in a container: `docker compose up` runs it with PostgreSQL and Redis.
# Stage 1: GraphiQL's and Swagger UI's scripts from npm, pinned by clients/explorer/package-lock.json.
FROM node:20-bookworm-slim AS explorer
WORKDIR /explorer
COPY clients/explorer/package.json clients/explorer/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error --ignore-scripts

# Stage 2: the gateway.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    REPORTING_ENV=production \
    REPORTING_HOST=0.0.0.0 \
    REPORTING_PORT=8000 \
    REPORTING_EXPORT_DIR=/app/var/exports \
    REPORTING_EXPLORER_ASSETS=/app/explorer/node_modules
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY reporting_gateway ./reporting_gateway
RUN pip install --no-cache-dir --require-hashes -r requirements.lock \
 && pip install --no-cache-dir --no-deps . \
 && useradd --system --uid 10001 --home-dir /app gateway \
 && mkdir -p /app/var/exports \
 && chown -R gateway /app/var
COPY --from=explorer /explorer/node_modules/graphiql /app/explorer/node_modules/graphiql
COPY --from=explorer /explorer/node_modules/react /app/explorer/node_modules/react
COPY --from=explorer /explorer/node_modules/react-dom /app/explorer/node_modules/react-dom
COPY --from=explorer /explorer/node_modules/swagger-ui-dist /app/explorer/node_modules/swagger-ui-dist
USER gateway
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status != 200)"]
CMD ["reporting-gateway", "serve"]
