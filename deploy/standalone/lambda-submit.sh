#!/usr/bin/env bash
# Submits one `lambda <command>` to a Flink session cluster with `flink run`: the shaded jar, its entry point
# io.lambdasuite.jobs.Lambda, the command and its options. stream.sh, merge.sh, prune.sh and schedule.sh call it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main_class=io.lambdasuite.jobs.Lambda

usage() {
  cat <<'USAGE'
Usage: lambda-submit.sh <stream|merge|prune|schedule> [lambda options...]

Runs `flink run [--detached] -c io.lambdasuite.jobs.Lambda <jar> <command> [options]` against the session
cluster that $FLINK_HOME/conf/config.yaml names (rest.address, rest.port). The streaming job is submitted
detached (`flink run` returns once it is submitted); every other command, and an incremental stream run
(--stop-when-caught-up), runs to its end here and its exit code is the command's.
`<command>.sh --help` describes one command; `deploy/local/lambda <command> --help` lists its options.

Environment (defaults may also come from lambda.env next to this script, or from the file $LAMBDA_ENV names):
  FLINK_HOME        the Flink 2.2 distribution whose bin/flink submits (default: `flink` on PATH)
  LAMBDA_JAR        the shaded jar (default: jobs/target/lambda-0.1.0-SNAPSHOT.jar of this checkout)
  LAMBDA_BASE_PATH  passed as --base-path unless the options name one: file:///…, hdfs://…/…, s3://…/…
  FLINK_RUN_OPTS    more `flink run` options, e.g. "-m jobmanager:8081 -p 4"
USAGE
}

usage_of() {
  case "$1" in
    stream) cat <<'USAGE' ;;
Usage: stream.sh [lambda stream options...]

The streaming job, detached: it runs until cancelled. With --stop-when-caught-up (an incremental run) it stays
attached, stops itself with a savepoint once it has read everything present at start and prints that savepoint.
  stream.sh --bootstrap-servers kafka:9092 --base-path s3://lambda-data/lambda
  stream.sh --bootstrap-servers kafka:9092 --stop-when-caught-up [--from-savepoint <path>]
Upgrade or move the continuous job: `flink stop <job-id>` prints a savepoint; start the new one from it:
  stream.sh … --from-savepoint <savepoint>
USAGE
    merge) cat <<'USAGE' ;;
Usage: merge.sh [lambda merge options...]

Publishes one serving snapshot and waits for it: the batch job runs on the cluster, then this client publishes
the snapshot (manifest, rename). Exit code 0 once it is published, or was already.
  merge.sh                                  # snapshot = the current UTC hour, base path from LAMBDA_BASE_PATH
  merge.sh --snapshot 2024-05-01T11 --base-path hdfs://namenode:8020/lambda
For the hourly schedule prefer `schedule.sh --run-now merge` (merge, then the segment aggregates and prune, all in the job log).
USAGE
    prune) cat <<'USAGE' ;;
Usage: prune.sh [lambda prune options...]

Removes expired serving snapshots and consumed MV files: file-system work in this client (no Flink job), through
`flink run` so that it sees the same file systems (HDFS, S3 plugins) as the cluster.
  prune.sh --dry-run                        # list what would go
  prune.sh --serving-ttl 6h --mv-ttl 1d
USAGE
    schedule) cat <<'USAGE' ;;
Usage: schedule.sh [lambda schedule options...]

The batch scheduler as a client of the session cluster: merge on --merge-cron (default 10 * * * *, UTC), prune
after each successful merge, every run in the job log (<base-path>/_runs/jobs). Runs until stopped (a systemd
service, say); with --run-now it runs one job through the same runner and log and exits (what cron calls).
  schedule.sh                               # long-running
  schedule.sh --run-now merge               # one merge (current hour) then prune; exit 1 if one failed
  schedule.sh --run-now prune
Use either this long-running scheduler or lambda.crontab, not both.
USAGE
    *) usage ;;
  esac
  echo
  echo "Options: deploy/local/lambda $1 --help. Environment: lambda-submit.sh --help."
}

case "${1:-}" in
  ""|-h|--help) usage; exit 0 ;;
esac
command=$1
shift
case "${1:-}" in
  -h|--help) usage_of "$command"; exit 0 ;;
esac

env_file=${LAMBDA_ENV:-$here/lambda.env}
if [ -f "$env_file" ]; then
  # shellcheck source=/dev/null
  . "$env_file"
fi

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
has_base=false
detached=()
if [ "$command" = stream ]; then
  detached=(--detached)
fi
for a in "${args[@]}"; do
  case "$a" in
    --base-path|--base-path=*) has_base=true ;;
    --stop-when-caught-up|--stop-when-caught-up=true) detached=() ;;
  esac
done
if [ -n "${LAMBDA_BASE_PATH:-}" ] && [ "$has_base" = false ]; then
  args+=(--base-path "$LAMBDA_BASE_PATH")
fi

run_opts=()
if [ -n "${FLINK_RUN_OPTS:-}" ]; then
  read -r -a run_opts <<< "$FLINK_RUN_OPTS"
fi

exec "$flink" run "${detached[@]}" "${run_opts[@]}" -c "$main_class" "$jar" "$command" "${args[@]}"
