# A static site on the official Apache httpd image, listening on port 80 as it does.
FROM cgr.dev/ORG/httpd:2.4

LABEL org.opencontainers.image.title="intranet" \
      org.opencontainers.image.version="4.1.0"

COPY ./public-html/ /usr/local/apache2/htdocs/
EXPOSE 80
