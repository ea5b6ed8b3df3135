#!/bin/sh
# Regenerates pidns-concurrent.strace.gz (run from this directory): three threads each running
# `sh -c '/bin/true & /bin/echo; wait'` twice while the main thread forks three children and
# SIGTERMs the first, all inside bwrap's pid namespace, traced from outside WITH
# --pidns-translation (the exact process tree). Tests strip the "/* N in strace's PID NS */"
# comments to get the same run as strace prints it without the flag.
PY=$(python3 -c 'import sys; print(sys.executable)')
strace -f -ttt -yy --pidns-translation -s 64 -o pidns-concurrent.strace \
  bwrap --dev-bind / / --unshare-pid --die-with-parent "$PY" -S pidns-concurrent.py
gzip -9f pidns-concurrent.strace
