# Argmap web app: uvicorn workers over one immutable graph each, started from a graph
# snapshot built into the image. UNTESTED: Docker builds cannot run on the development
# machines; see docs/deployment.md.
#
#   docker build -t argmap .
#   docker run --rm -p 127.0.0.1:8000:8000 -e ARGMAP_BASE_URL=https://argmap.example.org argmap
#   docker kill --signal=HUP <container>     # replace the workers one by one (new data)

# ---- front-end assets (Cytoscape.js builds copied into static/vendor/)
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY scripts/ scripts/
RUN npm run --silent build

# ---- the app
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ARGMAP_SEEDS_DIR=/app/seeds \
    ARGMAP_TEMPLATES_DIR=/app/templates \
    ARGMAP_STATIC_DIR=/app/static \
    ARGMAP_CACHE_DIR=/home/argmap/.cache/argmap \
    ARGMAP_BASE_URL= \
    WEB_CONCURRENCY=2 \
    FORWARDED_ALLOW_IPS=127.0.0.1

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin argmap
WORKDIR /app

# The whole-map PNG and PDF are drawn by CairoSVG (the cairo library) in DejaVu Sans.
RUN apt-get update && apt-get install -y --no-install-recommends libcairo2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first (cached while only the data or templates change); no NLP extras:
# serving does not run the extraction pipeline.
COPY pyproject.toml README.md ./
COPY app/ app/
RUN pip install . && pip check

COPY templates/ templates/
COPY static/ static/
COPY --from=assets /src/static/vendor/ static/vendor/
COPY seeds/ seeds/

# Validate the data (the build fails, listing every problem, on a broken map) and build
# the graph snapshot, as the user that will read it (the cache must be private to it).
USER argmap
RUN argmap validate \
 && python -c "from app.snapshot import load_graph_cached, last_load; from app.settings import get_settings; \
load_graph_cached(get_settings().seeds_dir); print('graph snapshot:', last_load.source, last_load.path)"

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/debates', timeout=4)"

# exec: uvicorn is PID 1 and gets SIGTERM (graceful stop) and SIGHUP (rolling worker restart).
CMD ["sh", "-c", "exec uvicorn app.reloading:create_reloadable_app --factory --host 0.0.0.0 --port 8000 --workers \"${WEB_CONCURRENCY}\" --proxy-headers --forwarded-allow-ips \"${ARGMAP_FORWARDED_ALLOW_IPS:-}\" --no-server-header"]
