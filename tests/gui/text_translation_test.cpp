// The translation catalogue as the client uses it: the PO reader, tr()/trc()/trn() in each
// language, the plural rules, and Format()'s placeholders (which every translation must keep).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/po_file.h"
#include "staccs/gui/text/translate.h"

namespace fs = std::filesystem;
using namespace staccs::gui;

namespace {

const fs::path kPoDir = fs::path(STACCS_SOURCE_DIR) / "gui" / "po";

PoFile LoadPo(const char* lang) {
  std::ifstream in(kPoDir / (std::string(lang) + ".po"), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  auto po = ParsePo(s.str());
  REQUIRE(po.ok());
  return std::move(po).value();
}

std::multiset<std::string> Placeholders(const std::string& s) {
  static const std::regex re(R"(\{[0-9]\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.insert(it->str());
  return out;
}

// Leaves the interface in English whatever a test does.
struct EnglishAfter {
  ~EnglishAfter() { SetLanguage("en"); }
};

}  // namespace

TEST_CASE("the PO reader takes contexts, plurals, continuations, escapes and comments") {
  const char* text =
      "# header comment\n"
      "msgid \"\"\n"
      "msgstr \"Language: fr\\n\"\n"
      "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
      "\n"
      "# awaiting-review\n"
      "#: gui/screens/a.cpp\n"
      "#, c-format\n"
      "msgctxt \"verb\"\n"
      "msgid \"Open\"\n"
      "msgstr \"Ouvrir\"\n"
      "\n"
      "msgid \"{0} day\"\n"
      "msgid_plural \"{0} days\"\n"
      "msgstr[0] \"{0} jour\"\n"
      "msgstr[1] \"{0} \"\n"
      "\"jours\"\n"
      "\n"
      "msgid \"Say \\\"hi\\\"\\tthen\\nstop\\\\\"\n"
      "msgstr \"\"\n"
      "\n"
      "#~ msgid \"Gone\"\n"
      "#~ msgstr \"Parti\"\n";
  auto po = ParsePo(text);
  REQUIRE(po.ok());
  CHECK(po->HeaderField("Language") == "fr");
  CHECK(po->HeaderField("Plural-Forms") == "nplurals=2; plural=(n > 1);");
  CHECK(po->header_comments == std::vector<std::string>{"header comment"});
  REQUIRE(po->entries.size() == 3);  // the obsolete entry is left out
  CHECK(po->entries[0].Key() == std::string("verb\x04Open"));
  CHECK(po->entries[0].comments == std::vector<std::string>{"awaiting-review"});
  CHECK(po->entries[0].references == std::vector<std::string>{"gui/screens/a.cpp"});
  CHECK(po->entries[0].HasFlag("c-format"));
  CHECK(po->entries[1].msgstr == std::vector<std::string>{"{0} jour", "{0} jours"});
  CHECK(po->entries[2].msgid == "Say \"hi\"\tthen\nstop\\");
  CHECK_FALSE(po->entries[2].Translated());
}

TEST_CASE("the PO reader refuses malformed files with the line of the fault") {
  struct Bad {
    const char* text;
    const char* reason;
  };
  const Bad cases[] = {
      {"msgid \"a\"\nmsgstr \"b\n", "line 2: expected a quoted string"},
      {"msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", "line 2: second msgid in one entry"},
      {"msgstr \"b\"\n", "line 1: msgstr before msgid"},
      {"msgid \"a\"\nmsgstr[0] \"b\"\n", "line 2: msgstr[N] without msgid_plural"},
      {"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", "line 3: plural forms must be numbered"},
      {"\"orphan\"\n", "line 1: string continuation outside an entry"},
      {"msgid \"a\\q\"\nmsgstr \"\"\n", "line 1: unknown escape \\q"},
      {"msgid \"a\"\n\n", "entry without msgid or msgstr"},
      {"msgid \"\"\nmsgstr \"x\"\n\nmsgid \"\"\nmsgstr \"y\"\n", "second header entry"},
      {"msgfoo \"a\"\n", "line 1: unknown keyword 'msgfoo'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto po = ParsePo(c.text);
    REQUIRE_FALSE(po.ok());
    CHECK(po.error().message.find(c.reason) != std::string::npos);
  }
  CHECK_FALSE(ParsePo(std::string(5u << 20, '#')).ok());  // over 4 MiB
}

TEST_CASE("tr returns the current language's translation and English otherwise") {
  EnglishAfter restore;
  const PoFile fr = LoadPo("fr");
  REQUIRE_FALSE(fr.entries.empty());
  const PoEntry* plain = nullptr;
  for (const auto& e : fr.entries)
    if (e.context.empty() && e.msgid_plural.empty() && e.Translated()) plain = &e;
  REQUIRE(plain != nullptr);
  const std::string msgid = plain->msgid;  // not a literal: tr() looks it up by value

  CHECK(std::string(CurrentLanguage()) == "en");
  CHECK(std::string(tr(msgid.c_str())) == msgid);
  REQUIRE(SetLanguage("fr"));
  CHECK(std::string(tr(msgid.c_str())) == plain->msgstr[0]);
  CHECK_FALSE(IsRightToLeft());
  CHECK(std::string(tr("A message nobody translated")) == "A message nobody translated");
  REQUIRE(SetLanguage("ar"));
  CHECK(IsRightToLeft());
  CHECK(std::string(tr(msgid.c_str())) != msgid);
  CHECK_FALSE(SetLanguage("de"));
  CHECK(std::string(CurrentLanguage()) == "ar");  // unchanged by the refusal
  REQUIRE(SetLanguage("en"));
  CHECK(std::string(tr(msgid.c_str())) == msgid);
}

TEST_CASE("a pointer returned by tr stays valid after the language changes") {
  EnglishAfter restore;
  const PoFile ar = LoadPo("ar");
  REQUIRE_FALSE(ar.entries.empty());
  const std::string msgid = ar.entries.front().msgid;
  REQUIRE(SetLanguage("ar"));
  const char* arabic = tr(msgid.c_str());
  const std::string copy = arabic;
  REQUIRE(SetLanguage("fr"));
  REQUIRE(SetLanguage("en"));
  CHECK(std::string(arabic) == copy);
}

TEST_CASE("plural forms follow each language's rule") {
  using detail::PluralIndex;
  CHECK(PluralIndex("en", 0) == 1);
  CHECK(PluralIndex("en", 1) == 0);
  CHECK(PluralIndex("en", 2) == 1);
  CHECK(PluralIndex("fr", 0) == 0);  // "0 jour"
  CHECK(PluralIndex("fr", 1) == 0);
  CHECK(PluralIndex("fr", 2) == 1);
  const unsigned long ns[] = {0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000};
  const std::size_t forms[] = {0, 1, 2, 3, 3, 4, 4, 5, 5, 5, 3, 4, 5};
  for (std::size_t i = 0; i < std::size(ns); ++i) {
    CAPTURE(ns[i]);
    CHECK(PluralIndex("ar", ns[i]) == forms[i]);
  }
  CHECK(std::string(trn("{0} day", "{0} days", 1)) == "{0} day");
  CHECK(std::string(trn("{0} day", "{0} days", 3)) == "{0} days");
}

TEST_CASE("Format substitutes positional placeholders and keeps what it cannot fill") {
  CHECK(Format("{0} of {1} words", {"120", "1000"}) == "120 of 1000 words");
  CHECK(Format("{1} / {0}", {"a", "b"}) == "b / a");
  CHECK(Format("{0}{0}", {"x"}) == "xx");
  CHECK(Format("{2} missing", {"a"}) == "{2} missing");
  CHECK(Format("{{0}} is literal", {"a"}) == "{0} is literal");
  CHECK(Format("no placeholder", {}) == "no placeholder");
  CHECK(Format("{", {}) == "{");
}

TEST_CASE("every translation keeps exactly its msgid's placeholders") {
  for (const char* lang : {"fr", "ar"}) {
    for (const auto& e : LoadPo(lang).entries) {
      for (std::size_t form = 0; form < e.msgstr.size(); ++form) {
        if (e.msgstr[form].empty()) continue;
        CAPTURE(lang);
        CAPTURE(e.msgid);
        CAPTURE(e.msgstr[form]);
        // Plural forms may leave the number out only where the language's form says it (Arabic
        // "يوم واحد", "يومان"); they must never add one the msgid lacks.
        const auto want = Placeholders(form == 0 || e.msgid_plural.empty() ? e.msgid : e.msgid_plural);
        const auto got = Placeholders(e.msgstr[form]);
        if (e.msgid_plural.empty()) {
          CHECK(got == want);
        } else {
          CHECK(std::includes(want.begin(), want.end(), got.begin(), got.end()));
        }
      }
    }
  }
}
