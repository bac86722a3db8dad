# SPDX-License-Identifier: MIT
# The benchmark's signatures and methods (bench_cases.h, bench_closure_cases.h), the C callees,
# callers and handlers, and the callgrind machinery (instr_core.h), shared by call_bench,
# instr_count and `jitffi bench`. Included by bench/CMakeLists.txt and tools/CMakeLists.txt (each
# include sets the variables below in its directory; the system-libffi target is made once).
#
# jitffi_bench_cases_add(NAME SHARED|OBJECTS) makes a static library of them against one of two
# ways of having jitffi in the program:
#   SHARED   linked to libjitffi.so (call_bench, instr_count: what a program using the shared
#            library gets — the API's entry points are reached through the PLT);
#   OBJECTS  linked to no jitffi at all: the program links jitffi's object libraries itself
#            (jitffi_runtime, jitffi_emit, jitffi_classify, jitffi_asmjit), as the self-contained
#            jitffi tool does. A program must not have both: the object libraries and
#            libjitffi.so each define the whole C++ and C API, and the program would hold two
#            copies of it (two stub caches, with calls bound to either).
# The system libffi (the comparison), opened at run time through tests/support/sysffi.cpp. With
# the tests enabled their support library is reused; otherwise the same source is built here.
if(TARGET jitffi_test_support)
  set(JITFFI_BENCH_SYSFFI jitffi_test_support)
elseif(TARGET jitffi_bench_sysffi)
  set(JITFFI_BENCH_SYSFFI jitffi_bench_sysffi)
else()
  find_file(JITFFI_SYSTEM_LIBFFI libffi.so.8 PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE} /usr/lib /lib
            NO_DEFAULT_PATH)
  if(NOT JITFFI_SYSTEM_LIBFFI)
    message(WARNING "libffi.so.8 not found: the benchmarks will run without the libffi comparison")
    set(JITFFI_SYSTEM_LIBFFI "libffi.so.8")
  endif()
  add_library(jitffi_bench_sysffi STATIC ${PROJECT_SOURCE_DIR}/tests/support/sysffi.cpp)
  target_include_directories(jitffi_bench_sysffi PUBLIC ${JITFFI_INCLUDE_DIRS} ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(jitffi_bench_sysffi PUBLIC JITFFI_SYSTEM_LIBFFI="${JITFFI_SYSTEM_LIBFFI}")
  target_link_libraries(jitffi_bench_sysffi PUBLIC ${CMAKE_DL_LIBS})
  set(JITFFI_BENCH_SYSFFI jitffi_bench_sysffi)
endif()

# Instruction counts need valgrind's client-request header (valgrind/callgrind.h); without it
# instr_core builds without its measuring side (instr::available() is false).
include(CheckIncludeFileCXX)
check_include_file_cxx(valgrind/callgrind.h JITFFI_HAVE_CALLGRIND_H)

# The callees and the direct-call floor: C, each in its own translation unit, never inlined (and
# their ms_abi twins for the Win64 measurements). The closure benchmark's C callers and handlers,
# likewise.
set(JITFFI_BENCH_CASES_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bench_callees.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_direct.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_cases.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bench_closure_callers.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_closure_handlers.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_closure_cases.cpp
  ${CMAKE_CURRENT_LIST_DIR}/instr_core.cpp)
# The Microsoft x64 twins, where the host runs that convention too (BENCH_WIN64, bench_callees.h).
if(JITFFI_HOST_ARCH STREQUAL "x64")
  list(APPEND JITFFI_BENCH_CASES_SOURCES ${CMAKE_CURRENT_LIST_DIR}/bench_callees_w64.c
       ${CMAKE_CURRENT_LIST_DIR}/bench_direct_w64.c)
endif()
# The qemu counter's probe (instr_core.h, instr_probe.S), on the architectures counted under
# qemu (AArch64, RISC-V 64).
set(JITFFI_BENCH_PROBE OFF)
if(JITFFI_HOST_ARCH STREQUAL "a64" OR JITFFI_HOST_ARCH STREQUAL "rv64")
  set(JITFFI_BENCH_PROBE ON)
  list(APPEND JITFFI_BENCH_CASES_SOURCES ${CMAKE_CURRENT_LIST_DIR}/instr_probe.S)
endif()

function(jitffi_bench_cases_add name how)
  add_library(${name} STATIC ${JITFFI_BENCH_CASES_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
  target_link_libraries(${name} PUBLIC ${JITFFI_BENCH_SYSFFI})
  if(how STREQUAL "SHARED")
    target_link_libraries(${name} PUBLIC jitffi)
  elseif(how STREQUAL "OBJECTS")
    # Only jitffi's headers: the objects come with the program (see above).
    target_include_directories(${name} PUBLIC ${JITFFI_INCLUDE_DIRS})
  else()
    message(FATAL_ERROR "jitffi_bench_cases_add: SHARED or OBJECTS, not '${how}'")
  endif()
  if(JITFFI_HAVE_CALLGRIND_H)
    target_compile_definitions(${name} PRIVATE JITFFI_HAVE_CALLGRIND_H=1)
  endif()
  if(JITFFI_BENCH_PROBE)
    target_compile_definitions(${name} PRIVATE JITFFI_INSTR_PROBE=1)
  endif()
endfunction()
