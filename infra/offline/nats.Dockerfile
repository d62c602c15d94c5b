# Stand-in for the official nats image: Debian's nats-server (2.9) with the same entry point
# (arguments go straight to nats-server) and wget for the compose healthcheck, as in nats:*-alpine.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nats-server wget \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/sbin/nats-server /nats-server
EXPOSE 4222 8222
ENTRYPOINT ["/nats-server"]
CMD ["-js", "-sd", "/data", "-m", "8222"]
