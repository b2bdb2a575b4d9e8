# The platform's image, for the deployment example of docker-compose.yml (README, "Operating it").
# Untested where it was written (no Docker there): check it on a machine that has Docker.
FROM node:24-slim

# No NODE_ENV=production here: `npm ci` would then leave out the development dependencies the build
# needs. The environment chooses the mode at run time (docker-compose.yml).
ENV DATA_DIR=/data \
    PORT=4000
RUN mkdir -p /app /data && chown node:node /app /data
WORKDIR /app
USER node

# The project pins its own Node 24 (devDependency `node`); `npm ci` runs the build once (`prepare`),
# `npm run build` checks it is up to date. Development dependencies stay: the build needs them.
COPY --chown=node:node . .
RUN npm ci --no-audit --no-fund && npm run build

EXPOSE 4000
VOLUME ["/data"]
CMD ["node", "scripts/run.mjs", "src/cli/start.js"]
