# SPDX-License-Identifier: MIT
# Versions, each written once:
#  - jitffi's own: project(VERSION) → jitffi/version.h, libjitffi.so.x.y.z and its soname
#    (JITFFI_SOVERSION), the CMake package and its compatibility rule, jitffi.pc;
#  - the libffi API level, JITFFI_LIBFFI_VERSION (top-level CMakeLists.txt) → ffiversion.h
#    (FFI_VERSION_STRING, FFI_VERSION_NUMBER = major*10000 + minor*100 + patch, as libffi
#    numbers it), libffi.pc;
#  - the drop-in's library version (libffi.so.8.N.0) is libffi's interface version, not its
#    release: N is the newest of libffi's symbol-version nodes (LIBFFI_*_8.N), so it is read from
#    lib/runtime/libffi.map, which defines them.
# The generated headers go to ${PROJECT_BINARY_DIR}/include; JITFFI_INCLUDE_DIRS is the source
# and the generated include directory, for targets that use the headers without linking jitffi.

# The soname follows the version policy (README, "Versions"): before 1.0 every minor release is
# an ABI of its own (libjitffi.so.0.1), from 1.0 on every major release.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(JITFFI_SOVERSION 0.${PROJECT_VERSION_MINOR})
else()
  set(JITFFI_SOVERSION ${PROJECT_VERSION_MAJOR})
endif()

string(REGEX MATCH "^([0-9]+)\\.([0-9]+)\\.([0-9]+)$" _ok "${JITFFI_LIBFFI_VERSION}")
if(NOT _ok)
  message(FATAL_ERROR "JITFFI_LIBFFI_VERSION must be major.minor.patch, not '${JITFFI_LIBFFI_VERSION}'")
endif()
math(EXPR JITFFI_LIBFFI_VERSION_NUMBER
     "${CMAKE_MATCH_1} * 10000 + ${CMAKE_MATCH_2} * 100 + ${CMAKE_MATCH_3}")

set(_map ${PROJECT_SOURCE_DIR}/lib/runtime/libffi.map)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_map})
file(STRINGS ${_map} _nodes REGEX "^LIBFFI_[A-Z0-9_]+_[0-9]+\\.[0-9]+ *{")
set(_so_major "")
set(_so_minor -1)
foreach(_node IN LISTS _nodes)
  string(REGEX MATCH "_([0-9]+)\\.([0-9]+) *{" _ "${_node}")
  if(_so_major STREQUAL "")
    set(_so_major ${CMAKE_MATCH_1})
  elseif(NOT _so_major EQUAL CMAKE_MATCH_1)
    message(FATAL_ERROR "${_map}: version nodes of two sonames (${_so_major} and ${CMAKE_MATCH_1})")
  endif()
  if(CMAKE_MATCH_2 GREATER _so_minor)
    set(_so_minor ${CMAKE_MATCH_2})
  endif()
endforeach()
if(_so_major STREQUAL "")
  message(FATAL_ERROR "${_map}: no LIBFFI_*_M.N version node")
endif()
set(JITFFI_LIBFFI_SOVERSION ${_so_major})
set(JITFFI_LIBFFI_LIBRARY_VERSION ${_so_major}.${_so_minor}.0)

configure_file(${PROJECT_SOURCE_DIR}/cmake/ffiversion.h.in ${PROJECT_BINARY_DIR}/include/ffiversion.h @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/version.h.in ${PROJECT_BINARY_DIR}/include/jitffi/version.h @ONLY)
set(JITFFI_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/include ${PROJECT_BINARY_DIR}/include)
