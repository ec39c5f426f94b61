# base → deps → final: the dependencies are installed once, in their own stage.
FROM cgr.dev/ORG/python:3.12-dev AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

FROM base AS deps
USER root
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install --no-cache-dir -r requirements.txt

FROM base AS final
ENV PATH=/venv/bin:$PATH
COPY --from=deps /venv /venv
COPY app/ ./app/
USER 1000:1000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi:application"]
