"""Reads the self cost of each instruction address from a callgrind profile (--dump-instr=yes).

Shared by callgrind-by-method.py and callgrind-asm.py.
"""
import collections


def costs(path):
    """Self cost (first event) per instruction address of a callgrind file (--dump-instr=yes)."""
    cost = collections.Counter()
    last = 0
    after_call = False
    npos = 1
    with open(path) as f:
        for line in f:
            if line.startswith("positions:"):
                npos = len(line.split()) - 1
                continue
            if line.startswith("calls="):
                after_call = True  # the next cost line is the call's inclusive cost
                continue
            if not line or line[0] not in "0123456789+-*":
                continue
            parts = line.split()
            pos = parts[0]
            if pos.startswith("0x"):
                addr = int(pos, 16)
            elif pos.startswith("+"):
                addr = last + int(pos[1:], 0)
            elif pos.startswith("-"):
                addr = last - int(pos[1:], 0)
            elif pos == "*":
                addr = last
            else:
                try:
                    addr = int(pos, 0)
                except ValueError:
                    continue
            last = addr
            if after_call:
                after_call = False
                continue
            if len(parts) > npos:
                cost[addr] += int(parts[npos])
    return cost
