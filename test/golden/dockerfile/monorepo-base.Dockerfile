# A service built FROM the base image that base/Dockerfile builds (compose.yaml says so).
FROM acme/python-base:1.0

LABEL org.opencontainers.image.title="orders" \
      org.opencontainers.image.version="3.0.2"

COPY --chown=app:app orders/ ./orders/
CMD ["python3", "-m", "orders"]
