# A service on the company's own Python base image, which names its runtime in its tag.
FROM cgr.dev/ORG/python:3.12-dev

LABEL org.opencontainers.image.title="report-api" \
      org.opencontainers.image.version="0.9.1"

WORKDIR /srv/report-api
COPY requirements.txt .
USER root
RUN pip install --no-cache-dir -r requirements.txt
COPY report_api/ ./report_api/

USER 10001
CMD ["python3", "-m", "report_api"]
