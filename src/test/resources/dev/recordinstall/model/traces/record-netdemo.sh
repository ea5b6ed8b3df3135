#!/bin/sh
# Regenerates netdemo.strace (run from this directory). Network isolated: bwrap --unshare-net.
PY=$(python3 -c 'import sys; print(sys.executable)')
strace -f -ttt -yy -s 256 -o netdemo.strace \
  bwrap --dev-bind / / --unshare-net --die-with-parent --tmpfs /tmp "$PY" -S netdemo.py
# pidns.strace: bwrap --unshare-pid traced from outside (clone returns namespace pids):
#   strace -f -ttt -yy -s 256 -o pidns.strace bwrap --dev-bind / / --unshare-pid \
#     --die-with-parent sh -c '/bin/true & /bin/echo hi; kill -0 $!; wait'
