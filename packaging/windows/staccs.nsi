; The STACCS Field Kit's Windows installer (NSIS 3, Debian's `nsis`), built by
; packaging/windows/make-artefacts.sh:  makensis -DVERSION=V -DBIN=DIR -DOUT=FILE staccs.nsi
; Installs the programs for all users, with a Start-menu entry and an uninstaller. The kit's
; data (%LOCALAPPDATA%\STACCS: the encrypted store, keys, drafts) is never the installer's:
; uninstalling leaves it, unless the person ticks the box that removes it (or, silently,
; passes /REMOVEDATA).
; A 64-bit installer: the kit is 64-bit only, and Wine without its 32-bit half runs it too.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin
!include "MUI2.nsh"
!include "FileFunc.nsh"

Name "STACCS Field Kit ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\STACCS"
InstallDirRegKey HKLM "Software\STACCS" "InstallDir"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\STACCS"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "Arabic"

; A 64-bit installer cannot start on 32-bit Windows at all, so it asks nothing of the system.
Function .onInit
  SetRegView 64
FunctionEnd

Section "STACCS" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${BIN}\staccs.exe"
  File "${BIN}\staccs-cli.exe"
  File "${BIN}\staccs-relay.exe"
  File "${BIN}\README.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; Start-menu entries for all users: the desktop client, and a console window with the
  ; kit's command-line tool.
  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\STACCS"
  CreateShortcut "$SMPROGRAMS\STACCS\STACCS Field Kit.lnk" "$INSTDIR\staccs.exe"
  CreateShortcut "$SMPROGRAMS\STACCS\STACCS command line.lnk" "$SYSDIR\cmd.exe" '/k "$INSTDIR\staccs-cli.exe" --help' "$INSTDIR\staccs-cli.exe"
  CreateShortcut "$SMPROGRAMS\STACCS\Uninstall STACCS.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\STACCS" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "STACCS Field Kit"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "STACCS"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "un.STACCS programs" UnSecMain
  SectionIn RO
  Delete "$INSTDIR\staccs.exe"
  Delete "$INSTDIR\staccs-cli.exe"
  Delete "$INSTDIR\staccs-relay.exe"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  SetShellVarContext all
  Delete "$SMPROGRAMS\STACCS\STACCS Field Kit.lnk"
  Delete "$SMPROGRAMS\STACCS\STACCS command line.lnk"
  Delete "$SMPROGRAMS\STACCS\Uninstall STACCS.lnk"
  RMDir "$SMPROGRAMS\STACCS"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\STACCS"
SectionEnd

; Off unless ticked: removing the data cannot be undone, and it holds the person's drafts
; and keys. Silent uninstalls remove it only with /REMOVEDATA.
Section /o "un.Also delete my STACCS data (drafts, keys, collected contributions)" UnSecData
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\STACCS"
SectionEnd

; After the sections, so that their index names are defined here.
Function un.onInit
  SetRegView 64
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
