# SPDX-License-Identifier: MIT
"""A real libffi client on jitffi's libffi.so.8: CPython's ctypes (run with LD_LIBRARY_PATH
pointing at the drop-in). Checks that the drop-in is the libffi actually mapped, then calls C
functions and callbacks of many shapes through ctypes and compares with known answers."""
import ctypes
import math
import sys

dropin = sys.argv[1]
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

print("ctypes on jitffi's libffi.so.8: ok")
