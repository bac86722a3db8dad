# SPDX-License-Identifier: MIT
# cmake -DLINKER= -DOBJCOPY= -DNM= -DEXPORTS_OF=<shared library> -DINPUTS=<a.o|b.o|c.a>
#       -DOUTPUT=<object> -P prelink.cmake
#
# The single object of a static archive (cmake/static_archive.cmake):
#  1. `ld -r` of INPUTS: the objects, and of the archives the members they need. Section groups
#     (COMDAT) are dissolved into plain sections (--force-group-allocation), so that the final
#     link never discards a group of ours for another object's same-named one while our symbols
#     still point into it.
#  2. Every defined global symbol made local except those the shared library EXPORTS_OF exports
#     (its dynamic symbol table: its export macros or version script decided them). Undefined
#     references (libc, the C++ runtime) stay as they are.
#  3. objcopy cannot make gcc's STB_GNU_UNIQUE symbols local (static locals of inline functions
#     in code compiled without -fno-gnu-unique: asmjit's archive), so those are renamed instead,
#     to names no other object defines: a program that links its own asmjit keeps its own.
foreach(v LINKER OBJCOPY NM EXPORTS_OF INPUTS OUTPUT)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "prelink.cmake: ${v} is not set")
  endif()
endforeach()
string(REPLACE "|" ";" inputs "${INPUTS}")

execute_process(COMMAND ${NM} -D --defined-only ${EXPORTS_OF}
  OUTPUT_VARIABLE listing COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" lines "${listing}")
set(keep "")
foreach(line IN LISTS lines)
  # "address type name[@@version]"; type A is a version node, not a symbol of the code.
  if(line MATCHES "^[0-9a-fA-F]* +([A-Za-z]) +([^@ ]+)" AND NOT CMAKE_MATCH_1 STREQUAL "A")
    string(APPEND keep "${CMAKE_MATCH_2}\n")
  endif()
endforeach()
if(keep STREQUAL "")
  message(FATAL_ERROR "prelink.cmake: ${EXPORTS_OF} exports nothing")
endif()
file(WRITE ${OUTPUT}.exports "${keep}")

execute_process(COMMAND ${LINKER} -r --force-group-allocation -o ${OUTPUT}.all.o ${inputs}
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${NM} --defined-only ${OUTPUT}.all.o OUTPUT_VARIABLE listing COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" lines "${listing}")
set(renames "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F]* +u +(.+)$")
    string(APPEND renames "${CMAKE_MATCH_1} jitffi.private.${CMAKE_MATCH_1}\n")
  endif()
endforeach()
file(WRITE ${OUTPUT}.renames "${renames}")
execute_process(COMMAND ${OBJCOPY} --keep-global-symbols=${OUTPUT}.exports --redefine-syms=${OUTPUT}.renames
                        ${OUTPUT}.all.o ${OUTPUT}
  COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE ${OUTPUT}.all.o)
