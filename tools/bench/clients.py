# SPDX-License-Identifier: MIT
# `jitffi bench`'s real clients: calls through CPython's ctypes and cffi, on whichever libffi.so.8
# the dynamic linker gives this process (the system's, or jitffi's drop-in when LD_LIBRARY_PATH
# names its directory). tools/bench/clients.cpp runs it (compiled into the tool from this file).
#
#   python3 -c SCRIPT MODULE OUT probe
#   python3 -c SCRIPT MODULE OUT count N1 N2 CASE...
#   python3 -c SCRIPT MODULE OUT time REPS NS CASE...
#
# MODULE is the tool's callee module (bench/'s callees and callers, and the marks of
# tools/bench/clients_marks.c). CASE is CLIENT/NAME (ctypes/cos, cffi/callback...). Each case is
# a Python loop of calls, `for _ in repeat(None, n): f(...)` (no int objects made per
# iteration), run 50 times unmeasured first (Python specializes what it runs often).
#   probe: what there is: "executable PATH" (the interpreter itself, not a wrapper), "python
#          VERSION", "cffi VERSION" or "cffi none", and "cffi_libffi PATH": the file whose
#          ffi_prep_cif cffi's backend calls (its own file when it carries a libffi of its own,
#          which no LD_LIBRARY_PATH replaces).
#   count: per case, a loop of N1 calls then one of N2, each between the module's zero and dump
#          marks (callgrind's counters zeroed, then dumped with the tag "jitffi-client CASE n=N");
#          the marks are calls through the same client, the whole sequence run once unmeasured
#          first.
#   time:  per case, the loop's iterations calibrated to about NS nanoseconds, then REPS
#          repetitions, the cases interleaved; one "sample CASE WALL CPU" line each (ns per
#          iteration, wall and thread CPU time).
# OUT receives "libffi PATH" (the libffi.so this process mapped), "python VERSION", "cffi
# VERSION", a "check CASE ok|MESSAGE" line per case (its result against the known answer) and the
# samples. The caller sets PYTHONHASHSEED=0; the garbage collector is off here: both would move
# the counts between identical runs.
import ctypes
import gc
import math
import sys
import time
from itertools import repeat

gc.disable()
MODULE, OUT, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
out = open(OUT, "w")


def say(*words):
    out.write(" ".join(str(w) for w in words) + "\n")


def mapping(pred):
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6 and pred(fields):
                return fields[-1]
    return "none"


def mapped_libffi():
    return mapping(lambda f: "libffi.so" in f[-1])


if MODE == "probe":
    say("executable", sys.executable)
    say("python", sys.version.split()[0])
    try:
        import _cffi_backend
        import cffi
    except ImportError:
        say("cffi", "none")
    else:
        say("cffi", cffi.__version__)
        # dlsym on the backend's handle finds its own definition first, then its dependencies'.
        addr = ctypes.cast(ctypes.CDLL(_cffi_backend.__file__).ffi_prep_cif, ctypes.c_void_p).value
        lo_hi = lambda f: [int(x, 16) for x in f[0].split("-")]
        say("cffi_libffi", mapping(lambda f: lo_hi(f)[0] <= addr < lo_hi(f)[1]))
    out.close()
    sys.exit(0)


class D2(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class I3(ctypes.Structure):
    _fields_ = [("a", ctypes.c_int64), ("b", ctypes.c_int64), ("c", ctypes.c_int64)]


# The answers: cos(0.5); bench_callee_d sums its six arguments; bench_callee_f adds two
# structs; bench_callee_g adds 1, 2, 3 to the members; bench_ccall_b calls its callback with 11
# and 21 and stores the result.
COS = math.cos(0.5)


def make_cases(cos, d, f, p, q, g, s, call, cb, out, result):
    """The loops and checks of one client, from its callables and arguments (the same Python
    code for both clients: only what it calls differs)."""

    def l_cos(n):
        for _ in repeat(None, n):
            cos(0.5)

    def l_d(n):
        for _ in repeat(None, n):
            d(1, 2, 3, 4, 5, 6)

    def l_f(n):
        for _ in repeat(None, n):
            f(p, q)

    def l_g(n):
        for _ in repeat(None, n):
            g(s)

    def l_cb(n):
        for _ in repeat(None, n):
            call(cb, out)

    def c_cb():
        call(cb, out)
        return result() == 32

    r_f, r_g = f(p, q), g(s)
    checks = {
        "cos": lambda: cos(0.5) == COS,
        "six_ints": lambda: d(1, 2, 3, 4, 5, 6) == 21,
        "struct16": lambda: (r_f.x, r_f.y) == (4.5, 2.25),
        "struct24": lambda: (r_g.a, r_g.b, r_g.c) == (2, 4, 6),
        "callback": c_cb,
    }
    loops = {"cos": l_cos, "six_ints": l_d, "struct16": l_f, "struct24": l_g, "callback": l_cb}
    return loops, checks


def ctypes_cases():
    lib = ctypes.CDLL(MODULE)
    libm = ctypes.CDLL("libm.so.6")
    zero, dump = lib.jitffi_bench_client_zero, lib.jitffi_bench_client_dump
    zero.restype = dump.restype = None
    zero.argtypes, dump.argtypes = [], [ctypes.c_char_p]
    cos = libm.cos
    cos.restype, cos.argtypes = ctypes.c_double, [ctypes.c_double]
    d = lib.bench_callee_d
    d.restype, d.argtypes = ctypes.c_int64, [ctypes.c_int64] * 6
    f = lib.bench_callee_f
    f.restype, f.argtypes = D2, [D2, D2]
    g = lib.bench_callee_g
    g.restype, g.argtypes = I3, [I3]
    cb_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_int)
    cb = cb_type(lambda a, b: a + b)
    call = lib.bench_ccall_b
    call.restype, call.argtypes = None, [cb_type, ctypes.c_void_p]
    res = ctypes.c_int()
    loops, checks = make_cases(cos, d, f, D2(1.5, -2.25), D2(3.0, 4.5), g, I3(1, 2, 3), call, cb,
                               ctypes.byref(res), lambda: res.value)
    return loops, checks, zero, dump


def cffi_cases():
    import cffi

    ffi = cffi.FFI()
    ffi.cdef("""
        double cos(double);
        int64_t bench_callee_d(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
        typedef struct { double x, y; } BenchD2;
        typedef struct { int64_t a, b, c; } BenchI3;
        BenchD2 bench_callee_f(BenchD2, BenchD2);
        BenchI3 bench_callee_g(BenchI3);
        void bench_ccall_b(void*, void*);
        void jitffi_bench_client_zero(void);
        void jitffi_bench_client_dump(const char*);
    """)
    lib = ffi.dlopen(MODULE)
    libm = ffi.dlopen("libm.so.6")
    res = ffi.new("int*")
    p = ffi.new("BenchD2*", {"x": 1.5, "y": -2.25})[0]
    q = ffi.new("BenchD2*", {"x": 3.0, "y": 4.5})[0]
    s = ffi.new("BenchI3*", {"a": 1, "b": 2, "c": 3})[0]
    loops, checks = make_cases(libm.cos, lib.bench_callee_d, lib.bench_callee_f, p, q, lib.bench_callee_g, s,
                               lib.bench_ccall_b, ffi.callback("int(int, int)", lambda a, b: a + b), res,
                               lambda: res[0])
    return loops, checks, lib.jitffi_bench_client_zero, lib.jitffi_bench_client_dump


say("python", sys.version.split()[0])
cases = [c.split("/", 1) for c in sys.argv[6:]]
clients = {}
for client in sorted({c for c, _ in cases}):
    if client == "cffi":
        import cffi

        say("cffi", cffi.__version__)
        clients[client] = cffi_cases()
    else:
        clients[client] = ctypes_cases()
say("libffi", mapped_libffi())
for client, name in cases:
    loops, checks, _, _ = clients[client]
    try:
        ok = checks[name]()
    except Exception as e:  # a wrong result is reported, not raised
        ok = False
        say("check", client + "/" + name, "raised", repr(e))
    say("check", client + "/" + name, "ok" if ok else "wrong")
    loops[name](50)

if MODE == "count":
    n1, n2 = int(sys.argv[4]), int(sys.argv[5])
    for client, name in cases:
        loops, _, zero, dump = clients[client]
        loop = loops[name]
        tags = [("jitffi-client %s/%s n=%d" % (client, name, n)).encode() for n in (n1, n2)]
        # The same sequence once unmeasured first: what runs once (the marks' own first calls,
        # which prepare their cifs) falls outside the windows.
        zero()
        loop(n1)
        dump(b"jitffi-client warm-up")
        for n, tag in zip((n1, n2), tags):
            zero()
            loop(n)
            dump(tag)
else:
    reps, target = int(sys.argv[4]), float(sys.argv[5])
    clock = time.perf_counter_ns
    sizes = {}
    for client, name in cases:
        loop, n = clients[client][0][name], 16
        while True:
            t0 = clock()
            loop(n)
            if clock() - t0 >= target:
                break
            n *= 2
        sizes[client, name] = n
    cpu = time.thread_time_ns
    for _ in range(reps):
        for client, name in cases:
            n = sizes[client, name]
            loop = clients[client][0][name]
            c0, t0 = cpu(), clock()
            loop(n)
            t1, c1 = clock(), cpu()
            say("sample", client + "/" + name, (t1 - t0) / n, (c1 - c0) / n)
out.close()
