# CPack: the two Debian packages of SPEC §8, built by packaging/build-linux.sh.
#   staccs        the desktop client and staccs-cli (install component "Unspecified": fonts and
#                 translation catalogues are compiled into the binaries, nothing else to ship)
#   staccs-relay  the relay, its systemd unit, its config as a conffile, a campaigns folder,
#                 its system user (postinst) and its data folder under /var/lib
# Dependencies come from dpkg-shlibdeps, so they follow the libraries actually linked.
include(GNUInstallDirs)

set(STACCS_DEB_DIR ${PROJECT_SOURCE_DIR}/packaging/deb)
string(TIMESTAMP STACCS_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)

# Copyright and changelog for each package (Debian policy 12.5, 12.7): lintian refuses a
# package without them.
foreach(pkg staccs staccs-relay)
  if(pkg STREQUAL staccs)
    set(component Unspecified)
  else()
    set(component relay)
  endif()
  set(PKG ${pkg})
  set(VERSION ${PROJECT_VERSION})
  set(DATE ${STACCS_DEB_DATE})
  configure_file(${STACCS_DEB_DIR}/changelog ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog @ONLY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog.gz
    COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog
    DEPENDS ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog)
  list(APPEND STACCS_DEB_CHANGELOGS ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog.gz)
  install(FILES ${STACCS_DEB_DIR}/copyright ${CMAKE_BINARY_DIR}/deb/${pkg}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${pkg} COMPONENT ${component})
endforeach()
add_custom_target(staccs_deb_changelogs ALL DEPENDS ${STACCS_DEB_CHANGELOGS})

# The relay's files outside /usr. Absolute destinations: dpkg installs them where they are named.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/relay/staccs-relay.conf
  DESTINATION /etc/staccs-relay COMPONENT relay)
install(DIRECTORY DESTINATION /etc/staccs-relay/campaigns COMPONENT relay)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/systemd/staccs-relay.service
  DESTINATION /lib/systemd/system COMPONENT relay)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/relay/nginx-staccs-relay.conf
  DESTINATION share/doc/staccs-relay/examples COMPONENT relay)
file(WRITE ${CMAKE_BINARY_DIR}/deb/staccs-relay/conffiles "/etc/staccs-relay/staccs-relay.conf\n")

set(CPACK_PACKAGE_NAME staccs)
set(CPACK_PACKAGE_VENDOR "STACCS Field Kit maintainers")
set(CPACK_PACKAGE_CONTACT "STACCS Field Kit maintainers <maintainers@staccs.example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY staccs)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Absolute destinations (/etc, /lib/systemd) land in the package tree, never on this machine.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/dist)
set(CPACK_COMPONENTS_ALL Unspecified relay)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://www.intgovforum.org/")

set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_NAME staccs)
set(CPACK_DEBIAN_UNSPECIFIED_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_UNSPECIFIED_DESCRIPTION "offline field kit for consultation campaigns
 The STACCS Field Kit lets participants draft answers and record practices
 offline, in an encrypted local store, and send them sealed for a campaign's
 secretariat on USB sticks or through store-and-forward relays. This package
 holds the desktop client (staccs) and the command-line tool (staccs-cli),
 with Latin and Arabic fonts and French and Arabic translations built in.")

set(CPACK_DEBIAN_RELAY_PACKAGE_NAME staccs-relay)
set(CPACK_DEBIAN_RELAY_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_RELAY_PACKAGE_SECTION net)
set(CPACK_DEBIAN_RELAY_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_RELAY_DESCRIPTION "store-and-forward relay for the STACCS Field Kit
 A small HTTP relay that holds sealed STACCS bundles for the campaigns it
 serves until the secretariat pulls them; it cannot read them. It runs as its
 own system user under a hardened systemd unit, with its settings in
 /etc/staccs-relay/staccs-relay.conf and its data in /var/lib/staccs-relay.
 An nginx site for TLS in front: /usr/share/doc/staccs-relay/examples.")
set(CPACK_DEBIAN_RELAY_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/deb/staccs-relay/conffiles
  ${CMAKE_BINARY_DIR}/deb/staccs-relay/postinst
  ${CMAKE_BINARY_DIR}/deb/staccs-relay/prerm
  ${CMAKE_BINARY_DIR}/deb/staccs-relay/postrm)
foreach(script postinst prerm postrm)
  file(COPY_FILE ${STACCS_DEB_DIR}/relay-${script} ${CMAKE_BINARY_DIR}/deb/staccs-relay/${script})
endforeach()

include(CPack)

# The release signing tool (packaging/release): signs artefacts with a key file kept offline.
add_executable(staccs-release-sign ${PROJECT_SOURCE_DIR}/packaging/release/release_sign_main.cpp)
target_link_libraries(staccs-release-sign PRIVATE staccs_core staccs_warnings)
