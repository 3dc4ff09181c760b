#!/usr/bin/env bash
# Removes expired serving snapshots and consumed MV files (`lambda prune`).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/lambda-submit.sh" prune "$@"
