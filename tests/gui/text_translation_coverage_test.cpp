// The translations against the sources, with the real gettext tools: every string the client
// shows (tr, trc, trn under gui/) has a French and an Arabic translation, staccs.pot is current,
// and msgfmt --check accepts both PO files. Lists what is missing per language.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "staccs/gui/text/po_file.h"
#include "staccs/gui/text/translate.h"
#include "test_support.h"

namespace fs = std::filesystem;
using staccs::gui::ParsePo;
using staccs::gui::PoFile;

namespace {

const fs::path kSource = STACCS_SOURCE_DIR;
const fs::path kPoDir = kSource / "gui" / "po";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

PoFile Load(const fs::path& p) {
  auto po = ParsePo(Slurp(p));
  INFO(p.string());
  REQUIRE_MESSAGE(po.ok(), (po.ok() ? std::string() : po.error().message));
  return std::move(po).value();
}

// The template xgettext makes from the sources now, with the keywords update-po.sh uses.
PoFile Extract(const fs::path& out) {
  const std::string cmd = "cd '" + kSource.string() +
                          "' && find gui -name '*.cpp' -o -name '*.h' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 "
                          "--language=C++ --keyword= --keyword=tr --keyword=trc:1c,2 --keyword=trn:1,2 --force-po -o '" +
                          out.string() + "'";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "xgettext failed (install gettext): " << cmd);
  return Load(out);
}

std::set<std::string> Keys(const PoFile& po, bool translated_only) {
  std::set<std::string> keys;
  for (const auto& e : po.entries)
    if (!translated_only || (e.Translated() && !e.HasFlag("fuzzy"))) keys.insert(e.Key());
  return keys;
}

}  // namespace

TEST_CASE("every string of the client has a French and an Arabic translation") {
  staccs::test::TempDir tmp;
  const PoFile sources = Extract(tmp.path() / "extracted.pot");
  REQUIRE_FALSE(sources.entries.empty());  // the text field's own menu at least
  for (const char* lang : {"fr", "ar"}) {
    const auto translated = Keys(Load(kPoDir / (std::string(lang) + ".po")), true);
    std::string missing;
    std::size_t count = 0;
    for (const auto& e : sources.entries) {
      if (translated.count(e.Key()) != 0) continue;
      missing += "\n  " + (e.references.empty() ? std::string() : e.references.front() + ": ") + e.msgid;
      ++count;
    }
    INFO(lang << ".po lacks " << count << " translation(s) (run gui/po/update-po.sh, then translate):" << missing);
    CHECK(count == 0);
  }
}

TEST_CASE("staccs.pot lists exactly the strings in the sources") {
  staccs::test::TempDir tmp;
  const auto now = Keys(Extract(tmp.path() / "extracted.pot"), false);
  const auto committed = Keys(Load(kPoDir / "staccs.pot"), false);
  INFO("run gui/po/update-po.sh to refresh gui/po/staccs.pot");
  CHECK(now == committed);
}

TEST_CASE("msgfmt --check accepts the French and Arabic PO files") {
  for (const char* lang : {"fr", "ar"}) {
    const std::string cmd = "msgfmt --check --check-format -o /dev/null '" + (kPoDir / (std::string(lang) + ".po")).string() + "'";
    INFO(cmd);
    CHECK(std::system(cmd.c_str()) == 0);
  }
}

TEST_CASE("the PO files say their translations await human review") {
  for (const char* lang : {"fr", "ar"}) {
    const PoFile po = Load(kPoDir / (std::string(lang) + ".po"));
    std::size_t awaiting = 0;
    for (const auto& e : po.entries)
      for (const auto& c : e.comments) awaiting += c == "awaiting-review" ? 1 : 0;
    MESSAGE(std::string(lang) << ".po: " << awaiting << " of " << po.entries.size() << " entries await human review");
    if (awaiting > 0) {
      bool header_says_so = false;
      for (const auto& c : po.header_comments) header_says_so |= c.find("AWAITING HUMAN REVIEW") != std::string::npos;
      CHECK(header_says_so);
    }
    // The language and plural rule are the ones the client applies.
    CHECK(po.HeaderField("Language") == lang);
    CHECK(po.HeaderField("Plural-Forms") == staccs::gui::detail::PluralFormsHeader(lang));
  }
}
