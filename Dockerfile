# syntax=docker/dockerfile:1
# eventx: French news event extraction service (CPU).
#
#   docker build -t eventx .                                   # committed compact models (default)
#   docker build --build-arg STANZA_MODELS=official -t eventx . # official Stanza French models (needs network)
#   docker run --rm -p 8000:8000 eventx
ARG PYTHON_IMAGE=python:3.11-slim

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

# ---- models: the committed ones, or the official Stanza French models ------------------------
FROM build AS models
ARG STANZA_MODELS=committed
COPY models /app/models-committed
RUN set -eu; \
    if [ "$STANZA_MODELS" = "official" ]; then \
        python -m eventx.nlp.models download /app/stanza_resources; \
        rm -rf /app/models-committed; \
        ln -s /app/stanza_resources /app/models; \
    elif [ "$STANZA_MODELS" = "committed" ]; then \
        mv /app/models-committed /app/models; \
        mkdir -p /app/stanza_resources; \
    else \
        echo "STANZA_MODELS must be committed or official, not $STANZA_MODELS" >&2; exit 1; \
    fi

# ---- runtime ---------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG STANZA_MODELS=committed
LABEL org.opencontainers.image.title="eventx" \
      org.opencontainers.image.description="French news event extraction microservice" \
      io.eventx.stanza-models="${STANZA_MODELS}"
RUN groupadd --system --gid 10001 eventx \
    && useradd --system --uid 10001 --gid eventx --home-dir /app --shell /usr/sbin/nologin eventx
COPY --from=build /opt/venv /opt/venv
COPY --from=models /app /app
WORKDIR /app
COPY gunicorn.conf.py ./
# EVENTX_MODELS_DIR: /app/models is the committed models, or a link to /app/stanza_resources
# (the official ones) when built with STANZA_MODELS=official.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    EVENTX_MODELS_DIR=/app/models \
    PROMETHEUS_MULTIPROC_DIR=/tmp/eventx-metrics \
    PORT=8000 \
    WEB_CONCURRENCY=2
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz/live' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["gunicorn"]
