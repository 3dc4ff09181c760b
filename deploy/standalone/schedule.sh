#!/usr/bin/env bash
# The batch scheduler (`lambda schedule`): long-running, or one job with --run-now (what cron calls).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/lambda-submit.sh" schedule "$@"
