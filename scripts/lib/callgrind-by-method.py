#!/usr/bin/env python3
"""Sums a callgrind profile (--dump-instr=yes) of a JVM by JIT-compiled Java method.

Usage: callgrind-by-method.py CALLGRIND_OUT PERF_MAP [TOP]

Callgrind knows no symbols for JIT code; the JVM's perf map (-XX:+DumpPerfMapAtExit, lines
"START SIZE NAME" in hex) says which method each address belongs to. Prints the total, the part
spent in JIT code, then the TOP methods by instructions executed in their own compiled code
(callees C2 inlined count in the caller).
"""
import bisect
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from callgrind_costs import costs  # noqa: E402


def load_map(path):
    ranges = []
    with open(path) as f:
        for line in f:
            start, size, name = line.rstrip("\n").split(" ", 2)
            ranges.append((int(start, 16), int(size, 16), name))
    ranges.sort()
    return ranges


def main():
    out, perf_map = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    ranges = load_map(perf_map)
    starts = [r[0] for r in ranges]

    def method(addr):
        i = bisect.bisect_right(starts, addr) - 1
        if i >= 0 and addr < ranges[i][0] + ranges[i][1]:
            return ranges[i][2]
        return None

    jit = collections.Counter()
    other = 0
    for addr, cost in costs(out).items():
        name = method(addr)
        if name:
            jit[name] += cost
        else:
            other += cost
    total = sum(jit.values()) + other
    print("total", total, "jit", sum(jit.values()))
    for name, cost in jit.most_common(top):
        print(f"{cost:>16,} {name[:150]}")


if __name__ == "__main__":
    main()
