# A static site served by the official nginx image with its own default command.
FROM cgr.dev/ORG/nginx:1.27

LABEL org.opencontainers.image.title="docs-site" \
      org.opencontainers.image.version="2.3.0"

COPY dist/ /usr/share/nginx/html/
