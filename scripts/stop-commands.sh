#!/usr/bin/env bash
# Runs one command with GitHub's workflow commands stopped: nothing it prints — values of content/ quoted in
# warnings, MkDocs' or Python's own lines — is read by the runner as a command (`::add-mask::`, `::error …`,
# the legacy `##[…]`). GitHub's documented way: `::stop-commands::TOKEN` before, `::TOKEN::` after, with a
# token random for each run, so that no content can know it and resume the commands itself. The commands
# resume when the command ends, whatever its exit status, which is the script's.
#
#   bash scripts/stop-commands.sh [--annotations FILE] COMMAND [ARG...]
#
# --annotations FILE: once the commands are resumed, print the annotations innopub wrote into FILE
# (`innopub check --format github --output FILE`), and only them: lines that are an ::error, ::warning or
# ::notice (innopub escapes their values as the Actions toolkit does). The job summary is a file, not a command.
set -uo pipefail
annotations=""
if [ "${1-}" = "--annotations" ]; then
  annotations="${2:?--annotations: which file?}"
  shift 2
fi
if [ "$#" -eq 0 ]; then
  echo "stop-commands.sh: which command?" >&2
  exit 2
fi
token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
if [ "${#token}" -ne 32 ]; then
  echo "stop-commands.sh: no random token from /dev/urandom" >&2
  exit 2
fi
echo "::stop-commands::$token"
status=0
"$@" || status=$?
echo "::$token::"
if [ -n "$annotations" ] && [ -f "$annotations" ]; then
  grep -E '^::(error|warning|notice)( [^:]*)?::' "$annotations" || true
fi
exit "$status"
