# The one application image: every service container runs it with a different command
# (`projector`, `execution`, `polly migrate`, ...; see infra/docker/entrypoint.sh).
# NODE_IMAGE lets machines without a registry use a stand-in (infra/offline/build-base-images.sh).
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the package manifests and the lockfile, so `npm ci` below stays cached until they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /source
COPY . .
RUN mkdir /manifests \
 && cp package-lock.json /manifests/ \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# Compile every workspace: the services, the command line and the cockpit.
FROM ${NODE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=manifests /manifests/ ./
# The npm the project declares (packageManager), whatever npm the base image brings: lockfile
# checks differ between npm releases.
RUN npm install --global --no-audit --no-fund --loglevel=error "npm@$(node -p 'require("./package.json").packageManager.split("@")[1]')" \
 && npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build \
 && node infra/docker/production-modules.mjs /production

# Production dependencies and the build output only, run as the unprivileged node user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    POLLY_WEB_ROOT=/app/.artifacts/web \
    POLLY_SECRETS_DIR=/var/lib/polly/secrets \
    POLLY_CONTROL_TOKEN_FILE=/var/lib/polly/control/control-token
WORKDIR /app
COPY --from=build /production/node_modules ./node_modules
COPY --from=build /app/.artifacts/dist ./.artifacts/dist
COPY --from=build /app/.artifacts/web ./.artifacts/web
COPY infra/docker/entrypoint.sh /usr/local/bin/polly-entrypoint
COPY infra/docker/connect-keys.mjs ./bin/connect-keys.mjs
# The key handover folder, the token folder and the simulator's keys are volumes in compose;
# created here so a new volume starts with the right owner and mode. Nothing secret is ever in
# the image.
RUN chmod 755 /usr/local/bin/polly-entrypoint /app/bin/connect-keys.mjs \
 && ln -s /app/bin/connect-keys.mjs /usr/local/bin/polly-connect-keys \
 && mkdir -p /var/lib/polly/secrets /var/lib/polly/control /app/.artifacts/sim \
 && chown -R node:node /var/lib/polly /app/.artifacts/sim \
 && chmod 700 /var/lib/polly/secrets /var/lib/polly/control
USER node
ENTRYPOINT ["polly-entrypoint"]
CMD []
