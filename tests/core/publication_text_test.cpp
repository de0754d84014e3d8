// The publication's text helpers (core/src/publication_text.h, publication_vocabulary.h),
// case by case.
#include <doctest/doctest.h>

#include "publication_text.h"
#include "publication_vocabulary.h"

using namespace staccs;
using namespace staccs::core::publication;

TEST_CASE("contributor text is cleaned of what hides or reorders it, and of broken UTF-8") {
  SUBCASE("bidi embeddings, overrides and isolates go; marks and joiners stay") {
    CHECK(CleanText("a\xE2\x80\xAA" "b\xE2\x80\xAB" "c\xE2\x80\xAC" "d\xE2\x80\xAD" "e\xE2\x80\xAE" "f", TextShape::kLine) == "abcdef");
    CHECK(CleanText("\xE2\x81\xA6" "x\xE2\x81\xA7" "y\xE2\x81\xA8" "z\xE2\x81\xA9", TextShape::kLine) == "xyz");
    CHECK(CleanText("a\xE2\x80\x8F" "b\xE2\x80\x8D" "c\xD8\x9C" "d", TextShape::kLine) == "a\xE2\x80\x8F" "b\xE2\x80\x8D" "c\xD8\x9C" "d");
  }
  SUBCASE("controls, BOM, annotations and noncharacters go") {
    CHECK(CleanText(std::string("a\0b\x1b[1m\x7f" "c", 10), TextShape::kLine) == "ab[1mc");
    CHECK(CleanText("a\xC2\x85" "b\xC2\x9B" "c\xEF\xBB\xBF" "d\xEF\xBF\xB9" "e\xEF\xBF\xBE" "f\xEF\xB7\x90" "g", TextShape::kLine) == "abcdefg");
    CHECK(CleanText("x\xF4\x8F\xBF\xBF" "y", TextShape::kLine) == "xy");  // U+10FFFF
  }
  SUBCASE("malformed, overlong and surrogate sequences become U+FFFD") {
    CHECK(CleanText("caf\xE9", TextShape::kLine) == "caf\xEF\xBF\xBD");
    CHECK(CleanText("\xC0\xBC" "script", TextShape::kLine) == "\xEF\xBF\xBDscript");  // overlong '<'
    CHECK(CleanText("\xED\xA0\x80", TextShape::kLine) == "\xEF\xBF\xBD");               // a surrogate
    CHECK(CleanText("\xE2\x82", TextShape::kLine) == "\xEF\xBF\xBD\xEF\xBF\xBD");       // cut short
  }
  SUBCASE("line breaks: kept in paragraphs, spaces on one line") {
    CHECK(CleanText("  a\r\nb\rc\xE2\x80\xA8" "d\xE2\x80\xA9" "e\tf \n", TextShape::kParagraphs) == "a\nb\nc\nd\ne\tf");
    CHECK(CleanText("a\r\nb\tc\nd", TextShape::kLine) == "a b c d");
  }
}

TEST_CASE("HTML escaping and bidi isolation") {
  CHECK(HtmlEscape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  CHECK(Isolate("abc") == "\xE2\x81\xA8" "abc\xE2\x81\xA9");
}

TEST_CASE("a line of contributor text escapes every Markdown construct") {
  SUBCASE("inline syntax anywhere") {
    CHECK(MarkdownEscapeLine("a *b* _c_ `d` [e](f) ![g](h) \\ {i}") == "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) !\\[g\\](h) \\\\ \\{i\\}");
    CHECK(MarkdownEscapeLine("<b>x</b> & | ~ $") == "&lt;b&gt;x&lt;/b&gt; &amp; &#124; &#126; &#36;");
  }
  SUBCASE("block starts at the beginning of a line") {
    CHECK(MarkdownEscapeLine("### Contribution 99") == "\\### Contribution 99");
    CHECK(MarkdownEscapeLine("- item") == "\\- item");
    CHECK(MarkdownEscapeLine("+ item") == "\\+ item");
    CHECK(MarkdownEscapeLine("===") == "&#61;==");
    CHECK(MarkdownEscapeLine(": term") == "&#58; term");
    CHECK(MarkdownEscapeLine("12. item") == "12\\. item");
    CHECK(MarkdownEscapeLine("3) item") == "3\\) item");
    CHECK(MarkdownEscapeLine("> quote") == "&gt; quote");
    CHECK(MarkdownEscapeLine("    code") == "code");  // indentation would start a code block
  }
  SUBCASE("the same characters inside a line stay readable") {
    CHECK(MarkdownEscapeLine("a - b # c 1. d = e: f") == "a - b # c 1. d = e: f");
  }
  SUBCASE("paragraphs: isolated lines, hard breaks, blank lines between") {
    CHECK(MarkdownParagraphs("one\ntwo\n\n\nthree") ==
          "\xE2\x81\xA8one\xE2\x81\xA9  \n\xE2\x81\xA8two\xE2\x81\xA9\n\n\xE2\x81\xA8three\xE2\x81\xA9\n");
  }
}

TEST_CASE("CSV cells are quoted and neutralise what spreadsheets would run") {
  CHECK(CsvCell("plain") == "\"plain\"");
  CHECK(CsvCell("say \"hi\"\nthere") == "\"say \"\"hi\"\"\nthere\"");
  for (const char* formula : {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\xEF\xBC\x9D" "1", "\xEF\xBC\x8B" "1",
                              "\xEF\xBC\x8D" "1", "\xEF\xBC\xA0" "x"}) {
    CAPTURE(formula);
    CHECK(CsvCell(formula) == "\"'" + std::string(formula) + "\"");
  }
  CHECK(CsvCell("a=1") == "\"a=1\"");
  CHECK(CsvCell("") == "\"\"");
}

TEST_CASE("short labels end between words or at the end of a clause") {
  CHECK(ShortLabel("Short prompt", 80) == "Short prompt");
  CHECK(ShortLabel("Feedback on the problem statement: does the problem statement above capture the issue as you see it?", 80) ==
        "Feedback on the problem statement");
  CHECK(ShortLabel("What are the main challenges faced by operators and users in keeping networks running during long crises", 40) ==
        "What are the main challenges faced by…");
  CHECK(ShortLabel("Is it e.g. this or that, and what else do you think of it all", 20) == "Is it e.g. this or…");
  // Arabic: counted in characters, cut at a space, never inside a UTF-8 sequence.
  const std::string ar = "ما هي التحديات الرئيسية التي تواجهها في الحفاظ على الاتصال";
  const std::string label = ShortLabel(ar, 20);
  CHECK(label == "ما هي التحديات…");
  CHECK(ShortLabel("Supercalifragilisticexpialidocious", 10) == "Supercalif…");
}

TEST_CASE("free text is matched to a stakeholder group or an ISO country, or to nothing") {
  const auto groups = StakeholderGroups();
  CHECK(groups[StakeholderGroupOf("Civil Society")].id == "civil_society");
  CHECK(groups[StakeholderGroupOf("  société civile ")].id == "civil_society");
  CHECK(groups[StakeholderGroupOf("المجتمع المدني")].id == "civil_society");
  CHECK(groups[StakeholderGroupOf("technical-community")].id == "technical_community");
  CHECK(groups[StakeholderGroupOf("Intergovernmental Organization")].id == "intergovernmental");
  CHECK(groups[StakeholderGroupOf("the village council of X")].id == "other");
  CHECK(groups[StakeholderGroupOf("")].id == "other");
  const auto countries = Countries();
  CHECK(countries.size() == 249);
  auto code = [&](std::string_view s) { auto c = CountryOf(s); return c ? std::string(countries[*c].alpha2) : std::string("-"); };
  CHECK(code("Sudan") == "SD");
  CHECK(code("soudan") == "SD");
  CHECK(code("السودان") == "SD");
  CHECK(code("السّودان") == "SD");
  CHECK(code("South Sudan") == "SS");
  CHECK(code("Côte d'Ivoire") == "CI");
  CHECK(code("Cote dIvoire") == "CI");
  CHECK(code("Ivory Coast") == "CI");
  CHECK(code("Syria") == "SY");
  CHECK(code("سوريا") == "SY");
  CHECK(code("Égypte") == "EG");
  CHECK(code("egypte") == "EG");
  CHECK(code("UK") == "GB");
  CHECK(code("TD") == "TD");
  CHECK(code("TCD") == "TD");
  CHECK(code("td") == "-");   // codes only in capitals
  CHECK(code("no") == "-");   // not Norway
  CHECK(code("N/A") == "-");  // not Namibia
  CHECK(code("NA") == "-");
  CHECK(code("Darfur") == "-");  // a region locates someone more closely: never guessed
  CHECK(code("CTRYHIDDEN village") == "-");
}
