# One image for the API and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV GETIHU_SKIP_TEMPORAL_BINARIES=1 NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --include=dev
COPY . .
# The web console (dist/console), served by the API at /.
RUN npx tsx scripts/buildConsole.ts --force
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
