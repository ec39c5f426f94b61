# syntax=docker/dockerfile:1

# ---------- build the SPA ----------
FROM cgr.dev/ORG/node:24-dev AS build

WORKDIR /app

COPY package.json package-lock.json ./
USER root
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

COPY . .

# Vite inlines these at build time; override per environment with --build-arg.
ARG VITE_API_URL=/api
ENV VITE_API_URL=${VITE_API_URL}
RUN npm run build

# ---------- serve it with nginx ----------
FROM cgr.dev/ORG/nginx:1.27-dev

LABEL org.opencontainers.image.title="dashboard-ui" \
      org.opencontainers.image.description="Static dashboard front-end served by nginx" \
      org.opencontainers.image.version="5.6.0" \
      org.opencontainers.image.licenses="MIT"

# Replace the default site; our config adds SPA fallback and cache headers.
USER root
RUN rm /etc/nginx/conf.d/default.conf
COPY nginx.conf /etc/nginx/conf.d/app.conf

COPY --link --from=build /app/dist /usr/share/nginx/html

# Let the unprivileged nginx user write its pid and temp files.
RUN <<EOF
set -e
touch /var/run/nginx.pid
chown -R nginx:nginx /var/run/nginx.pid /var/cache/nginx /usr/share/nginx/html
sed -i '/^user /d' /etc/nginx/nginx.conf
EOF

USER nginx

EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://127.0.0.1:8080/ || exit 1

# SIGQUIT makes nginx finish in-flight requests before exiting
STOPSIGNAL SIGQUIT

CMD ["nginx", "-g", "daemon off;"]
