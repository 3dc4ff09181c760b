#!/usr/bin/env bash
# Submits one `lambda <command>` to a Flink session cluster with `flink run`: the shaded jar, its entry point
# io.lambdasuite.jobs.Lambda, the command and its options. stream.sh, merge.sh, prune.sh and schedule.sh call it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main_class=io.lambdasuite.jobs.Lambda

usage() {
  cat <<'USAGE'
Usage: lambda-submit.sh [--detached] <command> [lambda options...]

Runs `flink run [--detached] -c io.lambdasuite.jobs.Lambda <jar> <command> [options]` against the session
cluster that $FLINK_HOME/conf/config.yaml names (rest.address, rest.port). Without --detached the command
runs to its end here and the exit code is its own (merge, prune, schedule --run-now); with it, `flink run`
returns once the job is submitted (the streaming job).

Commands: stream, merge, prune, schedule (`deploy/local/lambda <command> --help` lists every option).

Environment (defaults may also come from lambda.env next to this script, or from the file $LAMBDA_ENV names):
  FLINK_HOME        the Flink 2.2 distribution whose bin/flink submits (default: `flink` on PATH)
  LAMBDA_JAR        the shaded jar (default: jobs/target/lambda-0.1.0-SNAPSHOT.jar of this checkout)
  LAMBDA_BASE_PATH  passed as --base-path unless the options name one: file:///…, hdfs://…/…, s3://…/…
  FLINK_RUN_OPTS    more `flink run` options, e.g. "-m jobmanager:8081 -p 4"
USAGE
}

env_file=${LAMBDA_ENV:-$here/lambda.env}
if [ -f "$env_file" ]; then
  # shellcheck source=/dev/null
  . "$env_file"
fi

detached=()
if [ "${1:-}" = "--detached" ]; then
  detached=(--detached)
  shift
fi
case "${1:-}" in
  ""|-h|--help) usage; exit 0 ;;
esac
command=$1
shift

jar=${LAMBDA_JAR:-$here/../../jobs/target/lambda-0.1.0-SNAPSHOT.jar}
if [ ! -f "$jar" ]; then
  echo "lambda-submit: no job jar at $jar (build it: mvn -B -DskipTests package, or set LAMBDA_JAR)" >&2
  exit 2
fi
if [ -n "${FLINK_HOME:-}" ]; then
  flink=$FLINK_HOME/bin/flink
else
  flink=$(command -v flink || true)
fi
if [ -z "$flink" ] || [ ! -x "$flink" ]; then
  echo "lambda-submit: no Flink CLI (set FLINK_HOME to the Flink 2.2 distribution, or put flink on PATH)" >&2
  exit 2
fi

args=("$@")
if [ -n "${LAMBDA_BASE_PATH:-}" ]; then
  has_base=false
  for a in "${args[@]}"; do
    case "$a" in --base-path|--base-path=*) has_base=true ;; esac
  done
  if [ "$has_base" = false ]; then
    args+=(--base-path "$LAMBDA_BASE_PATH")
  fi
fi

run_opts=()
if [ -n "${FLINK_RUN_OPTS:-}" ]; then
  read -r -a run_opts <<< "$FLINK_RUN_OPTS"
fi

exec "$flink" run "${detached[@]}" "${run_opts[@]}" -c "$main_class" "$jar" "$command" "${args[@]}"
