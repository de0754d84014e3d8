# Cross toolchain: Windows x86-64 with Debian's MinGW-w64 (the POSIX-threads flavour, which
# std::thread and std::mutex need). The libraries come from packaging/windows/build-deps.sh,
# which builds Debian's own source packages into one prefix (STACCS_WIN_DEPS, by default
# /var/cache/staccs-win-deps/prefix) as static libraries; the programs link statically so
# each .exe runs on its own, beside no DLLs.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

if(NOT DEFINED STACCS_WIN_DEPS)
  if(DEFINED ENV{STACCS_WIN_DEPS})
    set(STACCS_WIN_DEPS $ENV{STACCS_WIN_DEPS})
  else()
    set(STACCS_WIN_DEPS /var/cache/staccs-win-deps/prefix)
  endif()
endif()
set(STACCS_WIN_DEPS ${STACCS_WIN_DEPS} CACHE PATH "Prefix holding the Windows builds of the kit's libraries")

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${STACCS_WIN_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config sees only the Windows prefix, and always answers for static linking so that
# each library's private dependencies (Winsock, Schannel's crypt32, ...) come along.
set(PKG_CONFIG_EXECUTABLE ${CMAKE_CURRENT_LIST_DIR}/mingw-pkg-config CACHE FILEPATH "" FORCE)
set(ENV{STACCS_WIN_DEPS} ${STACCS_WIN_DEPS})

# Wine runs the tests (CMAKE_CROSSCOMPILING_EMULATOR is what ctest and doctest_discover use).
set(CMAKE_CROSSCOMPILING_EMULATOR wine CACHE STRING "")

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
