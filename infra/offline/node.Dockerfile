# Stand-in for the official node:20-bookworm-slim image, for machines without a registry:
# Debian bookworm (debootstrap) with the host's Node.js 20 and npm copied in (Debian's own
# nodejs package is version 18, too old for this project). Same user as the official image:
# node, uid 1000. The host's certificate bundle comes too, so npm reaches the registry the way
# the host does (some of these machines reach it through a proxy with its own authority).
FROM local/debian:bookworm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
