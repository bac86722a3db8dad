# SPDX-License-Identifier: MIT
# asmjit from Debian's libasmjit-dev.
#
# Debian ships asmjit only as a static archive built as position-independent *executable* code:
# one object (globals.cpp.o) refers to libc's `stderr` PC-relatively, which a shared library
# cannot do. Everything else in the archive is PIC-safe. So the build makes a copy of the archive
# with that one symbol renamed (objcopy --redefine-sym, no code changed) and defines the renamed
# variable inside jitffi (lib/runtime/asmjit_glue.cpp). Target: jitffi_asmjit.
find_package(asmjit CONFIG REQUIRED)
get_target_property(_asmjit_archive asmjit::asmjit LOCATION)
get_target_property(_asmjit_includes asmjit::asmjit INTERFACE_INCLUDE_DIRECTORIES)
set(_asmjit_pic ${PROJECT_BINARY_DIR}/asmjit/libasmjit_pic.a)
add_custom_command(OUTPUT ${_asmjit_pic}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/asmjit
  COMMAND ${CMAKE_OBJCOPY} --redefine-sym stderr=jitffi_asmjit_stderr ${_asmjit_archive} ${_asmjit_pic}
  DEPENDS ${_asmjit_archive}
  COMMENT "Making a shared-library-safe copy of libasmjit.a")
add_custom_target(jitffi_asmjit_archive DEPENDS ${_asmjit_pic})
add_library(jitffi_asmjit STATIC IMPORTED GLOBAL)
set_target_properties(jitffi_asmjit PROPERTIES
  IMPORTED_LOCATION ${_asmjit_pic}
  INTERFACE_INCLUDE_DIRECTORIES "${_asmjit_includes}"
  INTERFACE_COMPILE_DEFINITIONS ASMJIT_STATIC
  INTERFACE_LINK_LIBRARIES "Threads::Threads;rt")
add_dependencies(jitffi_asmjit jitffi_asmjit_archive)
