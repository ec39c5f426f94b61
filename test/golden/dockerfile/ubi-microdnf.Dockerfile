FROM cgr.dev/ORG/wolfi-base:latest

LABEL name="report-worker" \
      org.opencontainers.image.title="report-worker" \
      org.opencontainers.image.description="PDF report worker on UBI 9 minimal" \
      org.opencontainers.image.version="4.0.3" \
      org.opencontainers.image.licenses="GPL-3.0-or-later" \
      io.k8s.display-name="Report worker"

# ubi-minimal has only microdnf; shadow-utils brings useradd.
RUN apk add --no-cache \
        python-3.12 \
        py3.12-pip \
        shadow \
        busybox \
        gzip \
        cairo \
        pango

# Poetry via its official installer, into its own prefix
ENV POETRY_HOME=/opt/poetry \
    POETRY_VERSION=1.8.5 \
    POETRY_VIRTUALENVS_IN_PROJECT=true \
    POETRY_NO_INTERACTION=1
RUN curl -sSL https://install.python-poetry.org | python3.12 - \
    && ln -s /opt/poetry/bin/poetry /usr/local/bin/poetry

WORKDIR /opt/app-root/src

COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root && rm -rf ~/.cache/pypoetry

COPY . .

ENV PATH="/opt/app-root/src/.venv/bin:$PATH"

# OpenShift runs with an arbitrary uid in group 0; give group 0 the same rights as the owner.
RUN useradd --uid 1001 --gid 0 --no-create-home --home-dir /opt/app-root/src worker \
    && chown -R 1001:0 /opt/app-root/src \
    && chmod -R g=u /opt/app-root/src

USER 1001

CMD ["python3.12", "-m", "report_worker", "--queue", "reports"]
