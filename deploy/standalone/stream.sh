#!/usr/bin/env bash
# Submits the streaming job (`lambda stream`) to the session cluster, detached (see lambda-submit.sh --help).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/lambda-submit.sh" stream "$@"
