# recon: one image for the worker, the scheduler, the web server and the CLI.
# Build stage compiles TypeScript (better-sqlite3 builds its native module here).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY schemas ./schemas
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/schemas ./schemas
COPY package.json ./
USER node
# the V8 flags are in bin/recon.js's shebang (`env -S`, coreutils 8.30+: bookworm has it)
ENTRYPOINT ["/app/bin/recon.js"]
CMD ["--help"]
