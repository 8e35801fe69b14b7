#!/usr/bin/env python3
"""tarsurgery.py drop|mtime < TAR > TAR: damage a ustar/pax archive by raw
header surgery (no re-encoding of the other entries): `drop` removes the
middle entry (with its pax header), `mtime` adds 1 s to the middle entry's
ustar mtime field.  For the harness self-test only."""
import sys


def size_of(h):
    f = h[124:136]
    if f[0] & 0x80:
        return int.from_bytes(f[1:], "big")
    f = f.rstrip(b"\0 ").strip()
    return int(f, 8) if f else 0


def main():
    mode = sys.argv[1]
    data = sys.stdin.buffer.read()
    entries = []          # (start, end, first-real-header offset)
    off, start = 0, 0
    while off + 512 <= len(data):
        h = data[off:off + 512]
        if h == b"\0" * 512:
            break
        n = size_of(h)
        end = off + 512 + (n + 511) // 512 * 512
        if h[156:157] in (b"x", b"g", b"L", b"K"):
            off = end
            continue
        entries.append((start, end, off))
        off = start = end
    if not entries:
        sys.stdout.buffer.write(data)
        return
    s, e, hoff = entries[len(entries) // 2]
    if mode == "drop":
        out = data[:s] + data[e:]
    else:
        h = bytearray(data[hoff:hoff + 512])
        mt = int(h[136:147], 8) + 1
        h[136:148] = b"%011o\0" % mt
        h[148:156] = b"        "
        h[148:156] = b"%06o\0 " % sum(h)
        out = data[:hoff] + bytes(h) + data[hoff + 512:]
    sys.stdout.buffer.write(out)


main()
