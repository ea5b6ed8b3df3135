#!/usr/bin/env bash
# Re-records the golden strace logs under src/test/resources/golden/ with the real strace on this
# machine (strace 6.1 when they were committed), with several flag sets:
#   pip-*:   a small `pip install six` into a fresh venv from the local index (/opt/pypi/simple)
#   beh-*:   scripts/golden/behaviours.py (DNS, TCP, UDP, fork, exec, threads, signals, kill,
#            non-zero exit) run inside `bwrap --unshare-net`, so every packet stays on the loopback
#            of an empty network namespace; beh-pidns-*: strace outside `bwrap --unshare-pid
#            --unshare-net` with --pidns-translation.
# Afterwards regenerate the expected *.jsonl with:
#   mvn -B -o test -Dtest=GoldenTest -Dgolden.update=true
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/src/test/resources/golden
SCRIPT=$PWD/scripts/golden/behaviours.py
PY=$(python3 -c 'import sys; print(sys.executable)')
for tool in strace bwrap; do
  command -v $tool >/dev/null || { echo "record-golden: $tool is missing (apt-get install $tool)" >&2; exit 3; }
done
[ -d /opt/pypi/simple ] || { echo "record-golden: /opt/pypi/simple (local index) is missing" >&2; exit 3; }
WORK=$(mktemp -d /tmp/record-golden.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.strace "$OUT"/*.strace.* "$OUT"/*.jsonl

sandboxed() { # run in an empty network namespace, cwd = $WORK
  (cd "$WORK" && timeout 120 bwrap --dev-bind / / --unshare-net --die-with-parent --chdir "$WORK" -- "$@")
}

# --- (b) behaviours script, one flag set per file ----------------------------------------------
beh() { # name, strace flags... (output via -o)
  local name=$1; shift
  sandboxed strace "$@" -o "$OUT/$name.strace" "$PY" "$SCRIPT" || true
}
beh beh-f-ttt-T-yy        -f -ttt -T -yy
beh beh-f-tt-y-s16        -f -tt -y -s 16
beh beh-f-t-x             -f -t -x
beh beh-f-xx-s8           -f -xx -s 8
beh beh-f-Xraw            -f -X raw
beh beh-f-Xverbose-decode -f -X verbose --decode-fds=all
beh beh-nof               -tt
# output to stderr: [pid N] prefixes and "strace: Process N attached" spliced into lines
(cd "$WORK" && timeout 120 bwrap --dev-bind / / --unshare-net --die-with-parent --chdir "$WORK" -- \
  strace -f -ttt -yy "$PY" "$SCRIPT" 2> "$OUT/beh-stderr-f-ttt-yy.strace") || true
# strace outside bwrap's pid namespace: --pidns-translation prints the tracee's pids with strace's
# view in a comment ("= 2 /* 18879 in strace's PID NS */"), as record-install's recorder does
(cd "$WORK" && timeout 120 strace -f -ttt -T --pidns-translation -o "$OUT/beh-pidns-f-ttt-T.strace" \
  bwrap --dev-bind / / --unshare-pid --unshare-net --die-with-parent --chdir "$WORK" -- \
  "$PY" "$SCRIPT") || true
# -ff -o: one file per pid (PREFIX.PID); kept under a directory per recording
mkdir -p "$OUT/beh-ff-tt-T"
sandboxed strace -ff -tt -T -y -o "$OUT/beh-ff-tt-T/trace" "$PY" "$SCRIPT" || true

# --- (a) pip install six ------------------------------------------------------------------------
"$PY" -m venv "$WORK/venv"
PIP=(-m pip install --no-deps --no-cache-dir --disable-pip-version-check --index-url file:///opt/pypi/simple six)
# one full -f trace (no -e filter)
sandboxed strace -f -ttt -T -yy -s 32 -o "$OUT/pip-f-ttt-T-yy-s32.strace" "$WORK/venv/bin/python" "${PIP[@]}" \
  --target "$WORK/t1" >/dev/null
# -ff per-pid files, filtered to process/file/network calls to keep the size down
mkdir -p "$OUT/pip-ff-tt"
sandboxed strace -ff -tt -y -s 24 -e trace=%process,%net,openat,execve,unlink,rename \
  -o "$OUT/pip-ff-tt/trace" "$WORK/venv/bin/python" "${PIP[@]}" --target "$WORK/t2" >/dev/null
# gzip three of them: covers the .gz reader and keeps the big full trace small in git
gzip -9 "$OUT/beh-f-tt-y-s16.strace" "$OUT/pip-f-ttt-T-yy-s32.strace" "$OUT/beh-pidns-f-ttt-T.strace"
du -sh "$OUT"
