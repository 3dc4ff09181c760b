#!/usr/bin/env bash
# The batch scheduler (`lambda schedule`) as a client of the session cluster: runs the merge on --merge-cron
# (default 10 * * * *, UTC) and prune after each successful merge, submitting each merge to the cluster; every
# run lands in the job log (<base-path>/_runs/jobs). Runs until stopped (a systemd service, say); with
# --run-now merge|prune it runs one job through the same runner and log and exits (what cron calls).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
Usage: schedule.sh [lambda schedule options...]

  schedule.sh                               # long-running: merge at 10 past every hour, prune after it
  schedule.sh --run-now merge               # one merge (current hour) then prune, logged; exit 1 if one failed
  schedule.sh --run-now prune

Use either this long-running scheduler or the crontab example next to it, not both.
Options: `deploy/local/lambda schedule --help`. Environment: see lambda-submit.sh --help.
USAGE
    exit 0 ;;
esac
exec "$here/lambda-submit.sh" schedule "$@"
