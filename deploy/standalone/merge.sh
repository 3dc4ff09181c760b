#!/usr/bin/env bash
# Publishes one serving snapshot (`lambda merge`) through the session cluster and waits for it.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/lambda-submit.sh" merge "$@"
