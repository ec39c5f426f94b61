FROM cgr.dev/ORG/node:24-dev

ENV NODE_ENV=production

# tini reaps zombies and forwards SIGTERM so express can shut down cleanly
USER root
RUN apk add --no-cache tini

WORKDIR /home/node/app

# Copy manifests separately so `npm ci` is cached until dependencies change
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node . .

# The official image already ships a `node` user (uid 1000)
USER node

EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s \
    CMD node -e "require('http').get('http://localhost:3000/health', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "src/server.js"]
