# SPDX-License-Identifier: MIT
"""Python's multiprocessing with the fork start method and ctypes callbacks (libffi closures) on
both sides of the fork: workers call the callbacks they inherited, drop them (ffi_closure_free in
the child), make and call their own; meanwhile the parent keeps calling, dropping and making
callbacks. Prints every result. ctypes_fork_test.sh runs it on the system libffi and on the
drop-in and compares the two outputs.

usage: ctypes_fork_test.py system | dropin DIR"""
import ctypes
import gc
import multiprocessing
import sys

mapped = [l.split()[-1] for l in open("/proc/self/maps") if "libffi.so" in l]
if sys.argv[1] == "dropin":
    if not mapped:
        print("ctypes does not use libffi.so.8 here: skipping")
        sys.exit(77)
    assert all(m.startswith(sys.argv[2]) for m in mapped), f"libffi mapped from {mapped}"
else:
    assert mapped and not any("dropin" in m for m in mapped), f"libffi mapped from {mapped}"

libc = ctypes.CDLL("libc.so.6")
CB = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))


def sort_desc(values):
    """qsort through a fresh comparison callback: C calls the closure."""
    arr = (ctypes.c_int * len(values))(*values)
    cmp = CMP(lambda a, b: b[0] - a[0])
    libc.qsort(arr, len(values), ctypes.sizeof(ctypes.c_int), cmp)
    return list(arr)


inherited = [CB(lambda x, i=i: x + i) for i in range(300)]


def work(k):
    total = sum(cb(k) for cb in inherited)
    inherited.clear()  # frees the child's copies of the parent's closures
    gc.collect()
    mine = [CB(lambda x, j=j: x * k + j) for j in range(200)]
    own = sum(cb(3) for cb in mine)
    return k, total, own, sort_desc([k, 5, 1, 9, k * 2])[:3]


def main():
    ctx = multiprocessing.get_context("fork")
    parent = list(inherited)
    for rnd in range(3):
        with ctx.Pool(4, maxtasksperchild=1) as pool:
            pending = pool.map_async(work, range(rnd * 16, rnd * 16 + 16))
            # The parent frees half of its callbacks and makes new ones while the workers run.
            del parent[::2]
            gc.collect()
            parent += [CB(lambda x, m=m: x - m) for m in range(150)]
            print("parent", rnd, sum(cb(1000) for cb in parent), sort_desc([3, rnd, 7]))
            for k, total, own, top in pending.get(timeout=60):
                print("worker", k, total, own, top)
    print("parent end", sum(cb(7) for cb in parent), sum(cb(7) for cb in inherited))


if __name__ == "__main__":
    main()
