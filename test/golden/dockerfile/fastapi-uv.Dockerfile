# syntax=docker/dockerfile:1.7

# ---- builder: resolve and install dependencies into a venv with uv ----
FROM cgr.dev/ORG/python:3.12-dev AS builder

# uv ships as a static binary in its own image; copying it is faster than pip install uv.
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

WORKDIR /app

# Dependencies first (no project code) so this layer survives code edits.
USER root
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-install-project --no-dev

COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# ---- runtime: no uv, no compilers, just the venv ----
FROM cgr.dev/ORG/python:3.12-dev AS runtime

LABEL org.opencontainers.image.title="inventory-api" \
      org.opencontainers.image.description="FastAPI inventory service" \
      org.opencontainers.image.licenses="MIT"

USER root
RUN addgroup -g 10001 api \
    && adduser -D -u 10001 -G api api

COPY --from=builder --chown=api:api /app /app

# Put the venv first on PATH so `uvicorn` resolves to the project's copy.
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1

WORKDIR /app
USER api

EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=2s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health')"]

CMD ["uvicorn", "inventory.main:app", "--host", "0.0.0.0", "--port", "8080", "--proxy-headers"]
