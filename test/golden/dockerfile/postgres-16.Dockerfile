# PostgreSQL 16 with the schema the service expects, loaded on first start.
FROM postgres:16

ENV POSTGRES_DB=inventory \
    POSTGRES_USER=inventory

COPY initdb/ /docker-entrypoint-initdb.d/
