# reporting-gateway in a container: `docker compose up` runs it with PostgreSQL and Redis.
# Stage 1: the explorer's bundle (GraphiQL 5, its workers, the chart pane) and Swagger UI's files,
# from npm packages pinned by clients/explorer/package-lock.json.
FROM node:20-bookworm-slim AS explorer
WORKDIR /src/clients/explorer
COPY clients/explorer/package.json clients/explorer/package-lock.json clients/explorer/build.mjs ./
RUN npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
COPY reporting_gateway/api/explorer_app /src/reporting_gateway/api/explorer_app
RUN npm run --silent build

# Stage 2: the gateway.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    REPORTING_ENV=production \
    REPORTING_HOST=0.0.0.0 \
    REPORTING_PORT=8000 \
    REPORTING_EXPORT_DIR=/app/var/exports \
    REPORTING_EXPLORER_ASSETS=/app/explorer
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY reporting_gateway ./reporting_gateway
RUN pip install --no-cache-dir --require-hashes -r requirements.lock \
 && pip install --no-cache-dir --no-deps . \
 && useradd --system --uid 10001 --home-dir /app gateway \
 && mkdir -p /app/var/exports \
 && chown -R gateway /app/var
COPY --from=explorer /src/clients/explorer/dist /app/explorer
USER gateway
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status != 200)"]
CMD ["reporting-gateway", "serve"]
