// The desktop client's translation catalogue: English msgids in the source, French and Arabic
// from gui/po/*.po, compiled into the binary (the kit must work with nothing installed).
//
//   ImGui::Button(Display(tr("Sync now")));      // Display(): see display_text.h
//   std::string s = Format(tr("{0} days left"), {std::to_string(n)});
//
// Every screen string is written as tr("…"), trc("context", "…") or trn("…", "…", n) so that
// xgettext (keywords tr, trc:1c,2, trn:1,2) finds it; tests/gui/translation_coverage_test.cpp
// fails when a French or Arabic translation is missing. gui/po/README.md tells how to add one.
//
// Thread-safety: every function here may be called from any thread. SetLanguage switches all
// threads at once; a string returned before the switch stays valid (catalogues live as long as
// the program). Lookups hash the msgid; they cost about as much as an ImGui::Text call.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace staccs::gui {

struct LanguageInfo {
  const char* code;         // "en", "fr", "ar"
  const char* native_name;  // "English", "Français", "العربية" (logical order: pass to Display)
  bool right_to_left;
};

// The languages the client ships, English (the source language) first.
std::span<const LanguageInfo> Languages();

// Switches the interface language. Returns false (and changes nothing) for a code not in
// Languages(). The default is "en".
bool SetLanguage(std::string_view code);
// The current language's code ("en", "fr" or "ar").
const char* CurrentLanguage();
// True when the current language is written right to left (Arabic): screens mirror their layout
// and labels are right-aligned.
bool IsRightToLeft();

// The current language's translation of `msgid`, as NUL-terminated UTF-8 in logical order.
// Returns `msgid` itself in English and when no translation exists (so the pointer lives as long
// as `msgid` does in that case: pass string literals).
const char* tr(const char* msgid);
// As tr(), for a msgid that needs a context to be translated unambiguously (msgctxt).
const char* trc(const char* context, const char* msgid);
// The plural form for `n` of a message ("{0} day left" / "{0} days left"), chosen by the
// current language's plural rule (Arabic has six forms). Substitute n yourself with Format().
const char* trn(const char* singular, const char* plural, unsigned long n);

}  // namespace staccs::gui

namespace staccs::gui::detail {
// The plural rule of a language as code (index into msgstr[]) and as the Plural-Forms header its
// PO file must carry (the tests compare them); nullptr for an unknown language.
std::size_t PluralIndex(std::string_view language, unsigned long n);
const char* PluralFormsHeader(std::string_view language);
}  // namespace staccs::gui::detail
