# syntax=docker/dockerfile:1
# Node 22 LTS in production (Node 20 reached its end of life in April 2026).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Charts of /stats are rasterised with system fonts: DejaVu has Cyrillic.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# 8080: webhook (WEBHOOK_PORT); 8081: /healthz, /readyz, /metrics (HTTP_PORT)
EXPOSE 8080 8081
CMD ["node", "dist/main.js"]
