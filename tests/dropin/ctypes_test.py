# SPDX-License-Identifier: MIT
"""A real libffi client on jitffi's libffi.so.8: CPython's ctypes (run with LD_LIBRARY_PATH
pointing at the drop-in). Checks that the drop-in is the libffi actually mapped, then calls C
functions and callbacks of many shapes through ctypes and compares with known answers.

ctypes_test.py DROPIN_DIR CALLEES_LIB
CALLEES_LIB is tests/runtime/inputs_callees.c built as a shared library: structs with arrays,
unions and bit-fields by value (ctypes describes them with preset sizes, an array over 16 bytes
as a single pointer member), in calls and through callbacks. That part also runs in a child
process on the system libffi (`--structs-only`), whose transcript must be the same."""
import ctypes
import math
import os
import subprocess
import sys

MASK = (1 << 64) - 1


def fnv(data, h=14695981039346656037):
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def pattern(seed, n):
    return bytes((seed + 7 * i) & 0xFF for i in range(n))


class InputsChars20(ctypes.Structure):
    _fields_ = [("a", ctypes.c_char * 20)]


# The shapes of tests/runtime/inputs_shapes.h (INPUTS_GCC_SHAPES), in ctypes.
SHAPES = [
    ("N32", ctypes.Structure, [("name", ctypes.c_char * 32), ("id", ctypes.c_int)]),
    ("C20", ctypes.Structure, [("a", ctypes.c_char * 20)]),
    ("C1000", ctypes.Structure, [("a", ctypes.c_char * 1000)]),
    ("S10", ctypes.Structure, [("s", ctypes.c_short * 10)]),
    ("F5", ctypes.Structure, [("f", ctypes.c_float * 5)]),
    ("D8C20", ctypes.Structure, [("d", ctypes.c_double), ("h", InputsChars20)]),
    ("UID", ctypes.Union, [("a", ctypes.c_int), ("b", ctypes.c_double)]),
    ("BF", ctypes.Structure, [("a", ctypes.c_int, 3), ("b", ctypes.c_int, 5)]),
    ("I2X2", ctypes.Structure, [("a", (ctypes.c_int * 2) * 2)]),
    ("C10I", ctypes.Structure, [("c", ctypes.c_char * 10), ("d", ctypes.c_int)]),
]


def structs_by_value(path):
    """Calls, returns and callbacks of every shape; returns the transcript."""
    lib = ctypes.CDLL(path)
    lines = []
    for name, base, fields in SHAPES:
        T = type(name, (base,), {"_fields_": fields})
        size = ctypes.sizeof(T)
        v = T()
        ctypes.memmove(ctypes.byref(v), pattern(5, size), size)
        take = getattr(lib, "inputs_take_" + name)
        take.restype = ctypes.c_uint64
        take.argtypes = [ctypes.c_int, T, ctypes.c_int]
        r = take(-3, v, 77)
        assert r == fnv(pattern(5, size)) ^ ((-3 & MASK) << 32 & MASK) ^ 77, f"{name}: by value"
        make = getattr(lib, "inputs_make_" + name)
        make.restype = T
        make.argtypes = [ctypes.c_uint]
        m = make(9)
        assert bytes(m) == pattern(9, size), f"{name}: returned"
        CB = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_int, T, ctypes.c_int)
        seen = []

        def handler(k, s, mm):
            seen.append(bytes(s))
            return fnv(bytes(s)) ^ ((k & MASK) << 32 & MASK) ^ (mm & MASK)

        call_take = getattr(lib, "inputs_call_take_" + name)
        call_take.restype = ctypes.c_uint64
        call_take.argtypes = [CB, ctypes.c_uint]
        c = call_take(CB(handler), 31)
        assert seen == [pattern(31, size)], f"{name}: the callback's argument"
        assert c == fnv(pattern(31, size)) ^ (11 << 32) ^ 22, f"{name}: callback"
        lines.append(f"{name} {size} {r:016x} {bytes(m)[:16].hex()} {c:016x}")
    return lines


if len(sys.argv) > 1 and sys.argv[1] == "--structs-only":
    print("\n".join(structs_by_value(sys.argv[2])))
    sys.exit(0)

dropin, callees = sys.argv[1], sys.argv[2]
mapped = [l.split()[-1] for l in open("/proc/self/maps") if "libffi.so" in l]
if not mapped:
    print("ctypes does not use libffi.so.8 here: skipping")
    sys.exit(77)
assert all(m.startswith(dropin) for m in mapped), f"libffi mapped from {mapped}, expected {dropin}"

libc = ctypes.CDLL("libc.so.6")
libm = ctypes.CDLL("libm.so.6")

# Scalars of every kind.
libm.cos.restype = ctypes.c_double
libm.cos.argtypes = [ctypes.c_double]
assert abs(libm.cos(1.0) - math.cos(1.0)) < 1e-15
libm.ldexpf.restype = ctypes.c_float
libm.ldexpf.argtypes = [ctypes.c_float, ctypes.c_int]
assert libm.ldexpf(1.5, 3) == 12.0
libm.hypotl.restype = ctypes.c_longdouble
libm.hypotl.argtypes = [ctypes.c_longdouble, ctypes.c_longdouble]
assert libm.hypotl(3.0, 4.0) == 5.0
libc.labs.restype = ctypes.c_long
libc.labs.argtypes = [ctypes.c_long]
assert libc.labs(-(2**40)) == 2**40
libc.strtoul.restype = ctypes.c_ulong
assert libc.strtoul(b"18446744073709551615", None, 10) == 2**64 - 1
libc.toupper.restype = ctypes.c_int
assert libc.toupper(ord("q")) == ord("Q")

# Variadic, with and without argtypes (non-variadic cifs calling printf rely on %al).
buf = ctypes.create_string_buffer(64)
libc.snprintf(buf, 64, b"%d|%s|%.3f|%c", 42, b"jit", ctypes.c_double(2.5), ord("x"))
assert buf.value == b"42|jit|2.500|x", buf.value

# Structs by value, in and out.
class Div(ctypes.Structure):
    _fields_ = [("quot", ctypes.c_long), ("rem", ctypes.c_long)]
libc.ldiv.restype = Div
libc.ldiv.argtypes = [ctypes.c_long, ctypes.c_long]
d = libc.ldiv(1000003, 10)
assert (d.quot, d.rem) == (100000, 3)

class Pt(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]
libm.cabs.restype = ctypes.c_double  # double cabs(double complex) takes {double, double}
libm.cabs.argtypes = [Pt]
assert libm.cabs(Pt(3.0, 4.0)) == 5.0

# Callbacks (closures): qsort with a comparison, and a callback taking and returning doubles.
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
arr = (ctypes.c_int * 9)(5, 3, 9, 1, 4, 8, 2, 7, 6)
calls = []
def cmp(a, b):
    calls.append(1)
    return a[0] - b[0]
libc.qsort(arr, 9, ctypes.sizeof(ctypes.c_int), CMP(cmp))
assert list(arr) == [1, 2, 3, 4, 5, 6, 7, 8, 9] and calls

F = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_int, ctypes.c_double)
f = F(lambda a, n, b: a * n + b)
assert f(1.5, 4, 0.25) == 6.25  # the callback called through its C pointer via ffi_call

# Many callbacks alive at once.
keep = [ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)(lambda x, i=i: x + i) for i in range(2000)]
assert sum(k(1) for k in keep) == 2000 + sum(range(2000))

# Structs with arrays, unions, bit-fields by value and through callbacks: as with the system
# libffi.
ours = structs_by_value(callees)
env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
theirs = subprocess.run([sys.executable, __file__, "--structs-only", callees], env=env, check=True,
                        capture_output=True, text=True).stdout.split("\n")[:-1]
assert ours == theirs, f"jitffi: {ours}\nsystem libffi: {theirs}"

print("ctypes on jitffi's libffi.so.8: ok")
