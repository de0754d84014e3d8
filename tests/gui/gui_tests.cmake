# The desktop client's tests: the model without a window, the layering check, every screen
# against its reference image under Xvfb, and the real window driven by xdotool.
staccs_test(gui_model_tests
  gui/session_test.cpp
  gui/removable_drives_test.cpp)
target_link_libraries(gui_model_tests PRIVATE staccs_gui_model)

add_test(NAME "gui: screens include no SQLite, libsodium, curl or httplib; the model no ImGui or GL"
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/gui/check_layers.cmake)
add_test(NAME "gui: the layering check catches planted includes"
         COMMAND ${CMAKE_COMMAND} -DSELFTEST_DIR=${CMAKE_CURRENT_BINARY_DIR}/layer-selftest
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/gui/check_layers.cmake)

pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
add_executable(png_compare gui/png_compare.cpp)
target_link_libraries(png_compare PRIVATE PkgConfig::STB)
foreach(lang en fr ar)
  add_test(NAME "gui: every screen in ${lang} at 1024x600 matches its reference image"
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gui/screenshots_test.sh $<TARGET_FILE:staccs> $<TARGET_FILE:png_compare>
                   ${CMAKE_CURRENT_SOURCE_DIR}/gui/reference ${lang} ${CMAKE_CURRENT_BINARY_DIR}/screenshots)
  set_tests_properties("gui: every screen in ${lang} at 1024x600 matches its reference image" PROPERTIES TIMEOUT 120)
endforeach()

# The real window, driven by xdotool inside xvfb-run; serial, as frame times are measured.
add_executable(gui_window_tests gui/window_test.cpp)
target_link_libraries(gui_window_tests PRIVATE staccs_test_support staccs_relay_http staccs_warnings)
target_compile_definitions(gui_window_tests PRIVATE STACCS_GUI_PATH="$<TARGET_FILE:staccs>")
add_dependencies(gui_window_tests staccs staccs-cli)
# (doctest filters split at commas: each test is picked by the start of its name)
foreach(pick "first run*" "no frame takes over 50 ms*")
  string(REPLACE "*" "" shown "${pick}")
  add_test(NAME "gui window: ${shown}..."
           COMMAND xvfb-run -a -s "-screen 0 1280x800x24" $<TARGET_FILE:gui_window_tests> "--test-case=${pick}")
  set_tests_properties("gui window: ${shown}..." PROPERTIES RUN_SERIAL TRUE TIMEOUT 300)
endforeach()

# A crashed window writes no core file and is not dumpable (issue 8).
add_executable(gui_core_dump_tests gui/gui_core_dump_test.cpp)
target_link_libraries(gui_core_dump_tests PRIVATE staccs_test_support staccs_warnings)
target_compile_definitions(gui_core_dump_tests PRIVATE STACCS_GUI_PATH="$<TARGET_FILE:staccs>")
add_dependencies(gui_core_dump_tests staccs)
add_test(NAME "gui window: a crashed staccs window writes no core file and is not dumpable"
         COMMAND xvfb-run -a -s "-screen 0 1280x800x24" $<TARGET_FILE:gui_core_dump_tests>)
set_tests_properties("gui window: a crashed staccs window writes no core file and is not dumpable"
                     PROPERTIES RUN_SERIAL TRUE TIMEOUT 120)

if(STACCS_SANITIZE)
  # A window loads Mesa's driver, which allocates without freeing and is unloaded by exit, so
  # LeakSanitizer reports blocks from "<unknown module>" that no suppression can name. Leaks
  # stay checked in gui_model_tests (the Session and everything under it, with no GL); these
  # runs keep every ASan and UBSan check but the leak report.
  foreach(lang en fr ar)
    set_property(TEST "gui: every screen in ${lang} at 1024x600 matches its reference image"
                 PROPERTY ENVIRONMENT_MODIFICATION "ASAN_OPTIONS=string_append::detect_leaks=0")
  endforeach()
  foreach(pick "first run" "no frame takes over 50 ms")
    set_property(TEST "gui window: ${pick}..."
                 PROPERTY ENVIRONMENT_MODIFICATION "ASAN_OPTIONS=string_append::detect_leaks=0")
  endforeach()
  # The signal sent must be the one that ends the window: AddressSanitizer would catch SIGSEGV
  # and abort. (ASan also turns core dumps off itself, so only the release build shows that
  # the window's own HardenProcess does it.)
  set_property(TEST "gui window: a crashed staccs window writes no core file and is not dumpable"
               PROPERTY ENVIRONMENT_MODIFICATION "ASAN_OPTIONS=string_append:::detect_leaks=0:handle_segv=0")
endif()
