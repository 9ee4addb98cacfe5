# One image for every service; docker-compose.yml picks the entry point per service.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The supervisors' console and the offline explorer, served at / and /graphql by the gateway.
COPY --from=build /app/apps/console/dist ./apps/console/dist
COPY seeds ./seeds
# Editable data the services read at run time.
COPY apps/reporting/src/calendar/prc-holidays.json ./apps/reporting/src/calendar/
# The supergraph the gateway serves (composed at build time: npm run supergraph).
COPY apps/gateway/supergraph.graphql ./apps/gateway/
USER node
EXPOSE 4000
