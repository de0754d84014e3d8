// A reader of gettext PO files — ours (gui/po/*.po, compiled into the binary) and the template
// xgettext makes from the sources in the translation tests. Bounded: files over 4 MiB or lines
// over 64 KiB are refused; errors name the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"

namespace staccs::gui {

struct PoEntry {
  std::string context;                  // msgctxt, empty if none
  std::string msgid, msgid_plural;
  std::vector<std::string> msgstr;      // msgstr, or msgstr[0..n) for a plural entry
  std::vector<std::string> flags;       // "#, fuzzy, c-format" → {"fuzzy", "c-format"}
  std::vector<std::string> comments;    // translator comments ("# …"), without the "# "
  std::vector<std::string> references;  // "#: gui/screens/outbox_screen.cpp:42"
  int line = 0;                         // where the entry's msgid is

  bool HasFlag(std::string_view flag) const;
  // The lookup key gettext uses: context + '\x04' + msgid, or msgid alone.
  std::string Key() const;
  // True if every msgstr form is non-empty (and there is at least one).
  bool Translated() const;
};

struct PoFile {
  std::string header;             // msgstr of the entry with an empty msgid
  std::vector<std::string> header_comments;
  std::vector<PoEntry> entries;   // without the header, without obsolete (#~) entries

  // A field of the header, e.g. HeaderField("Plural-Forms"); empty if absent.
  std::string HeaderField(std::string_view name) const;
};

Result<PoFile> ParsePo(std::string_view text);

}  // namespace staccs::gui
