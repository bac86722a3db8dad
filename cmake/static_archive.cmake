# SPDX-License-Identifier: MIT
# jitffi_static_archive(NAME OUTPUT_NAME BASENAME SAME_EXPORTS_AS SHARED_TARGET
#                       OBJECT_LIBRARIES LIB...)
#
# A static library NAME (lib<BASENAME>.a) of one relocatable object: the object libraries'
# objects and (in JIT builds) the asmjit archive's members they use, linked with `ld -r`, then every global
# symbol made local except those SHARED_TARGET exports (cmake/prelink.cmake). So the archive
# offers exactly the shared library's API, carries asmjit without exposing it, and needs only
# JITFFI_STATIC_SYSTEM_LIBS (its INTERFACE link libraries) from the system.
function(jitffi_static_archive name)
  cmake_parse_arguments(A "" "OUTPUT_NAME;SAME_EXPORTS_AS" "OBJECT_LIBRARIES" ${ARGN})
  set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}.prelinked.o)
  # The inputs as one argument, separated by '|' (prelink.cmake splits it).
  set(inputs "")
  foreach(lib IN LISTS A_OBJECT_LIBRARIES)
    string(APPEND inputs "$<JOIN:$<TARGET_OBJECTS:${lib}>,|>|")
  endforeach()
  set(depends ${A_SAME_EXPORTS_AS} ${A_OBJECT_LIBRARIES})
  if(JITFFI_JIT)
    string(APPEND inputs "$<TARGET_FILE:jitffi_asmjit>")
    list(APPEND depends jitffi_asmjit_archive)
  else()
    string(REGEX REPLACE "\\|$" "" inputs "${inputs}")
  endif()
  add_custom_command(OUTPUT ${object}
    COMMAND ${CMAKE_COMMAND} -DLINKER=${CMAKE_LINKER} -DOBJCOPY=${CMAKE_OBJCOPY} -DNM=${CMAKE_NM}
            -DEXPORTS_OF=$<TARGET_FILE:${A_SAME_EXPORTS_AS}> -DOUTPUT=${object}
            "-DINPUTS=${inputs}"
            -P ${PROJECT_SOURCE_DIR}/cmake/prelink.cmake
    DEPENDS ${depends}
            ${PROJECT_SOURCE_DIR}/cmake/prelink.cmake
    COMMENT "Prelinking lib${A_OUTPUT_NAME}.a"
    VERBATIM)
  add_library(${name} STATIC ${object})
  set_target_properties(${name} PROPERTIES OUTPUT_NAME ${A_OUTPUT_NAME} LINKER_LANGUAGE CXX)
  target_link_libraries(${name} INTERFACE ${JITFFI_STATIC_SYSTEM_LIBS})
endfunction()
