# No manual wipe outside the crypto library (issue 8: about 36 `crypto::Wipe(buf.data(), …)`
# calls were skipped by early returns and exceptions). Secrets are held in types that wipe
# themselves (SecretBytes, WipedBytes, SecretText) or guarded by crypto::WipeOnExit, so a call
# to crypto::Wipe in core/, sync/ or gui/ is a wipe that some way out of its scope can skip.
# usage: cmake -DSOURCE_DIR=<repo> -P check_wipes.cmake
#        cmake -DSELFTEST_DIR=<dir> -P check_wipes.cmake   (the check must catch planted calls)
cmake_minimum_required(VERSION 3.25)

function(find_manual_wipes dir out_var)
  file(GLOB_RECURSE files "${dir}/*.h" "${dir}/*.cpp")
  set(bad "")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" lines REGEX "Wipe[ \t]*\\(")
    foreach(line IN LISTS lines)
      # Kit::Wipe(home) removes a kit's files: a different thing of the same name.
      if(line MATCHES "(^|[^A-Za-z_:])Wipe[ \t]*\\((&|[^)]*\\.data\\(\\))" OR line MATCHES "crypto::Wipe[ \t]*\\(")
        string(REPLACE ";" "," line "${line}")  # a ';' would split the list entry
        list(APPEND bad "${f}: ${line}")
      endif()
    endforeach()
  endforeach()
  set(${out_var} "${bad}" PARENT_SCOPE)
endfunction()

if(DEFINED SELFTEST_DIR)
  file(REMOVE_RECURSE "${SELFTEST_DIR}")
  file(WRITE "${SELFTEST_DIR}/core/a.cpp"
       "  crypto::Wipe(plain.data(), plain.size());\n  STACCS_TRY(Kit::Wipe(home));\n  Wipe(&c, 1);\n")
  file(WRITE "${SELFTEST_DIR}/gui/b.h" "      crypto::Wipe (ui_.code.data(), ui_.code.size());\n  crypto::WipeOnExit w(x);\n")
  find_manual_wipes("${SELFTEST_DIR}" found)
  list(LENGTH found n)
  file(REMOVE_RECURSE "${SELFTEST_DIR}")
  if(NOT n EQUAL 3)
    message(FATAL_ERROR "the wipe check found ${n} of the 3 planted manual wipes: ${found}")
  endif()
  message(STATUS "the wipe check catches planted manual wipes")
  return()
endif()

set(all "")
foreach(part core sync gui)
  if(NOT IS_DIRECTORY "${SOURCE_DIR}/${part}")
    message(FATAL_ERROR "no ${SOURCE_DIR}/${part}")
  endif()
  find_manual_wipes("${SOURCE_DIR}/${part}" found)
  list(APPEND all ${found})
endforeach()
if(all)
  string(REPLACE ";" "\n" text "${all}")
  message(FATAL_ERROR "manual wipes outside crypto/ (hold the secret in a self-wiping type or guard it with crypto::WipeOnExit):\n${text}")
endif()
message(STATUS "no manual wipe outside crypto/")
