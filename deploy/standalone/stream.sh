#!/usr/bin/env bash
# Submits the streaming job (`lambda stream`) to the session cluster, detached: it runs until cancelled.
# With --stop-when-caught-up (an incremental run) it stays attached, stops itself with a savepoint once it has
# read everything present at start and prints that savepoint; pass it to the next run as --from-savepoint.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
Usage: stream.sh [lambda stream options...]

  stream.sh --bootstrap-servers kafka:9092 --base-path s3://lambda-data/lambda
  stream.sh --bootstrap-servers kafka:9092 --stop-when-caught-up [--from-savepoint <path>]

Upgrade or move the continuous job: `flink stop <job-id>` prints a savepoint; start the new one from it:
  stream.sh … --from-savepoint <savepoint>
Options: `deploy/local/lambda stream --help`. Environment: see lambda-submit.sh --help.
USAGE
    exit 0 ;;
esac

for a in "$@"; do
  case "$a" in
    --stop-when-caught-up|--stop-when-caught-up=true) exec "$here/lambda-submit.sh" stream "$@" ;;
  esac
done
exec "$here/lambda-submit.sh" --detached stream "$@"
