FROM cgr.dev/ORG/python:3.11-dev

# Keep Python from buffering stdout so logs show up in `docker logs` right away
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    FLASK_APP=app.py

WORKDIR /usr/src/app

# curl is only here for the healthcheck
USER root
RUN apk add --no-cache curl

# Install dependencies first so this layer is cached between code changes
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
USER nonroot

COPY . .

EXPOSE 5000

HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD curl -fsS http://localhost:5000/healthz || exit 1

CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--workers", "2", "app:app"]
