#!/usr/bin/env python3
"""Per-instruction counts of one JIT-compiled Java method, from a callgrind profile.

Usage: callgrind-asm.py LISTING CALLGRIND_OUT METHOD PER [MIN_COUNT]

LISTING is the JVM's output with -XX:CompileCommand=print,CLASS::METHOD: without the hsdis
disassembler the JVM prints each compiled method as hex bytes, with comments giving the bytecode and
source line of instructions (denser with -XX:+DebugNonSafepoints). This disassembles the bytes of
every C2 compilation of METHOD (a substring of "Class::method") with objdump and prints each
instruction with how many times it ran divided by PER (e.g. lines x parses: "per line"), the JVM's
source-line comments in between. Only the compilation that ran most is printed. Same process as the
profile, so the addresses match.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from callgrind_costs import costs  # noqa: E402

HEX = re.compile(r"^\s+0x([0-9a-f]+): ([0-9a-f| ]+?)\s*$")
NOTE = re.compile(r"^\s+0x([0-9a-f]+): (;.*)$")
MORE = re.compile(r"^\s{10,}(;.*)$")


def compilations(path, method):
    """The C2 compilations of method: (title, {address: byte}, {address: [comments]})."""
    out = []
    cur = None
    last_note = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("Compiled method"):
                cur = None
                if "(c2)" in line and method in line:
                    cur = (line.strip(), {}, collections.defaultdict(list))
                    out.append(cur)
                continue
            if cur is None:
                continue
            m = NOTE.match(line)
            if m:
                last_note = int(m.group(1), 16)
                cur[2][last_note].append(m.group(2))
                continue
            m = HEX.match(line)
            if m:
                a = int(m.group(1), 16)
                hx = m.group(2).replace("|", "").replace(" ", "")
                for i in range(0, len(hx) - 1, 2):
                    cur[1][a + i // 2] = int(hx[i : i + 2], 16)
                continue
            m = MORE.match(line)
            if m and last_note is not None:
                cur[2][last_note].append(m.group(1))
    return out


def main():
    listing, profile, method, per = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    least = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    cost = costs(profile)
    best = None
    for title, code, notes in compilations(listing, method):
        lo, hi = min(code), max(code) + 1
        total = sum(c for a, c in cost.items() if lo <= a < hi)
        if best is None or total > best[0]:
            best = (total, title, code, notes, lo, hi)
    if best is None:
        sys.exit(f"callgrind-asm: no C2 compilation of {method} in {listing}")
    total, title, code, notes, lo, hi = best
    print(f"{title}\n{total / per:.1f} instructions per unit ({per:,.0f} units)")
    raw = bytes(code.get(a, 0x90) for a in range(lo, hi))
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(raw)
    try:
        dis = subprocess.run(
            ["objdump", "-D", "-b", "binary", "-mi386:x86-64", f"--adjust-vma={lo}", f.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    for line in dis.splitlines():
        m = re.match(r"\s+([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)$", line)
        if not m:
            continue
        a = int(m.group(1), 16)
        for note in notes.get(a, []):
            if note.startswith("; - "):
                print(f"{'':>9}  {note[:140]}")
        c = cost.get(a, 0) / per
        if c >= least:
            print(f"{c:9.2f}  {a:x}  {m.group(2)}")


if __name__ == "__main__":
    main()
