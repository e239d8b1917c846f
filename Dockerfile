# ParcelStream worker image: docker build -t ghcr.io/parcelstream/parcelstream:0.1.0 .
# Runs `parcelstream run` (the Deployment passes the arguments) as the non-root user 1654 ("app"), on a read-only
# root filesystem; /tmp must be a writable volume. Base images are pinned to an exact release; pin their digests too
# where the registry is reachable (FROM ...:10.0.0-noble@sha256:...).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.100-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.0-noble

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY schemas/ schemas/
COPY rules/ rules/
COPY src/ src/
RUN dotnet restore src/ParcelStream.Host/ParcelStream.Host.csproj
RUN dotnet publish src/ParcelStream.Host/ParcelStream.Host.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
# jemalloc for librdkafka: every produced record is allocated on a lane and freed on the delivery-report thread, which
# glibc's per-thread arenas handle badly (jemalloc: about 30 % less CPU per manifest in the load driver, perf/results/e2e-2026-12-06.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libjemalloc2 \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "$(find /usr/lib -name libjemalloc.so.2 | head -n 1)" /usr/local/lib/libjemalloc.so.2
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2
# Freed pages go back to the kernel within a second (jemalloc's default is 10 s), so a burst of librdkafka buffers
# (a restore after a restart, a backlog of large records) is not kept as resident memory under the 512 MiB limit.
ENV MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
WORKDIR /app
COPY --from=build /app ./
# The image's own rule pack (rules/default) is the fallback; the Deployment mounts the ConfigMap's pack instead.
USER 1654:1654
EXPOSE 9464
ENV DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
ENTRYPOINT ["dotnet", "/app/parcelstream.dll"]
CMD ["run"]
