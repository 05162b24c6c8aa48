# syntax=docker/dockerfile:1
# eventx: French news event extraction service (CPU).
#
#   docker build -t eventx .                                   # committed compact models (default)
#   docker build --build-arg STANZA_MODELS=official -t eventx . # official Stanza French models (needs network)
#   docker run --rm -p 8000:8000 eventx
ARG PYTHON_IMAGE=python:3.11-slim
# committed (default) or official
ARG STANZA_MODELS=committed

# ---- build: a virtual environment with CPU-only torch and the project ------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# CPU build of torch first, so that the project's torch==2.13.0 pin is already satisfied
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /src
COPY pyproject.toml README.md ./
COPY eventx ./eventx
COPY schemas ./schemas
COPY service ./service
RUN pip install --no-cache-dir ./

# ---- the official Stanza French models (only built with STANZA_MODELS=official; needs network) ---
FROM build AS official-models
RUN python -m eventx.nlp.models download /app/stanza_resources

# ---- runtime ---------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime-base
LABEL org.opencontainers.image.title="eventx" \
      org.opencontainers.image.description="French news event extraction microservice"
RUN groupadd --system --gid 10001 eventx \
    && useradd --system --uid 10001 --gid eventx --home-dir /app --shell /usr/sbin/nologin eventx
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./

# STANZA_MODELS=committed: the compact models trained in this repository, baked in.
FROM runtime-base AS runtime-committed
COPY models /app/models
ENV EVENTX_MODELS_DIR=/app/models

# STANZA_MODELS=official: the folder made by stanza.download in the official-models stage.
FROM runtime-base AS runtime-official
COPY --from=official-models /app/stanza_resources /app/stanza_resources
ENV EVENTX_MODELS_DIR=/app/stanza_resources

# BuildKit builds only the stages the chosen runtime needs (no download for the committed models).
# hadolint ignore=DL3006
FROM runtime-${STANZA_MODELS} AS runtime
ARG STANZA_MODELS
LABEL io.eventx.stanza-models="${STANZA_MODELS}"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/eventx-metrics \
    PORT=8000 \
    WEB_CONCURRENCY=2
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz/live' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["gunicorn"]
