#!/usr/bin/env bash
# Removes expired serving snapshots and consumed MV files (`lambda prune`). Runs in the client (file system
# work, no Flink job) through the same `flink run`, so it sees the cluster's file systems (HDFS, S3 plugins).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
Usage: prune.sh [lambda prune options...]

  prune.sh --dry-run                        # list what would go
  prune.sh --serving-ttl 6h --mv-ttl 1d

Options: `deploy/local/lambda prune --help`. Environment: see lambda-submit.sh --help.
USAGE
    exit 0 ;;
esac
exec "$here/lambda-submit.sh" prune "$@"
