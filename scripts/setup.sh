#!/usr/bin/env bash
# Installs the Debian packages ParcelStream's tests and tools use. Idempotent and quiet: does nothing when all are present.
set -euo pipefail
need=()
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# The container's allocator (Dockerfile: LD_PRELOAD jemalloc); the soak runs the worker with it, as the image does.
ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2' || need+=(libjemalloc2)
# kubectl renders k8s/ in the Operations tests (`kubectl kustomize`, kustomize v5: kubectl 1.27 or later). Debian's
# own kubernetes-client is 1.20 (kustomize v2, which cannot build k8s/), so it is not installed from here: the package
# kubectl comes from the Kubernetes (pkgs.k8s.io) or Google Cloud apt repositories, which this script does not add.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: kubectl not found: the Kubernetes manifest tests will fail; install kubectl 1.27 or later (package kubectl)" >&2
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing ${need[*]}; run as root or install them: apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup: installed ${need[*]}"
