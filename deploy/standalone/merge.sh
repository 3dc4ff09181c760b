#!/usr/bin/env bash
# Publishes one serving snapshot (`lambda merge`) on the session cluster and waits for it: the batch job runs
# on the cluster, the snapshot is published (manifest written, directory renamed) by this client afterwards,
# so it must stay attached. Exit code 0 once the snapshot is published or was already.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
Usage: merge.sh [lambda merge options...]

  merge.sh                                  # snapshot = the current UTC hour, base path from LAMBDA_BASE_PATH
  merge.sh --snapshot 2024-05-01T11 --base-path hdfs://namenode:8020/lambda

Options: `deploy/local/lambda merge --help`. Environment: see lambda-submit.sh --help.
For the hourly schedule prefer `schedule.sh --run-now merge` (merge, then prune, both in the job log).
USAGE
    exit 0 ;;
esac
exec "$here/lambda-submit.sh" merge "$@"
