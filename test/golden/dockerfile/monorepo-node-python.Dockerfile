# syntax=docker/dockerfile:1
# A dashboard: the React frontend and the FastAPI backend are both built under /app.

FROM cgr.dev/ORG/node:24-dev AS frontend
WORKDIR /app
COPY frontend/package.json frontend/package-lock.json ./
USER root
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM cgr.dev/ORG/python:3.12-dev AS backend
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1
USER root
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY backend/requirements.txt ./
RUN pip install -r requirements.txt
COPY backend/ ./

FROM cgr.dev/ORG/python:3.12-dev
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
USER root
RUN adduser -D -u 10001 dash
WORKDIR /srv/dashboard
COPY --from=backend /opt/venv /opt/venv
COPY --from=backend --chown=dash:dash /app ./
COPY --from=frontend /app/dist ./static
USER dash
EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
