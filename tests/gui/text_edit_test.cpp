// The editing model: text kept in logical order, Backspace and Delete by cluster, word jumps and
// word deletion, undo/redo in sensible steps, paste cleaning, the length limit, and the caret
// following Arabic as it is typed.
#include <doctest/doctest.h>

#include <string>

#include "staccs/gui/text/caret.h"
#include "staccs/gui/text/clusters.h"
#include "staccs/gui/text/edit_buffer.h"
#include "staccs/gui/text/utf32.h"

using namespace staccs::gui::text;

namespace {
void TypeEach(EditBuffer& b, const char* utf8) {
  for (char32_t c : ToUtf32(utf8)) b.Type(std::u32string(1, c));
}
}  // namespace

TEST_CASE("typed Arabic is stored in logical order, as the user typed it") {
  EditBuffer b;
  TypeEach(b, "كتبت DNS في 2024");
  CHECK(b.Utf8() == "كتبت DNS في 2024");
  CHECK(b.GetCaret().pos == b.Text().size());
}

TEST_CASE("backspace removes a letter with its harakat, one cluster at a time") {
  EditBuffer b;
  b.SetText("بَاب");  // beh, fatha, alef, beh
  b.Backspace();
  CHECK(b.Utf8() == "بَا");
  b.Backspace();
  CHECK(b.Utf8() == "بَ");
  b.Backspace();  // beh and its fatha together
  CHECK(b.Utf8().empty());
  b.Backspace();  // nothing left: no change, no crash
  CHECK(b.Utf8().empty());
}

TEST_CASE("backspace and delete treat accents, emoji sequences and CRLF as one character") {
  EditBuffer b;
  b.SetText("e\u0301");
  b.Backspace();
  CHECK(b.Utf8().empty());
  b.SetText("a\U0001F469\u200D\U0001F4BBb");  // woman, ZWJ, laptop: one cluster
  b.SetCaret({1, false}, false);
  b.Delete();
  CHECK(b.Utf8() == "ab");
  CHECK(NextClusterBoundary(U"\r\nx", 0) == 2);
}

TEST_CASE("word jumps and word deletion move over whole words in Latin and Arabic") {
  const std::u32string fr = ToUtf32("Bonjour, le monde");
  CHECK(NextWordEnd(fr, 0) == 7);
  CHECK(NextWordEnd(fr, 7) == 11);
  CHECK(PreviousWordStart(fr, 17) == 12);
  CHECK(PreviousWordStart(fr, 12) == 9);
  const std::u32string ar = ToUtf32("مرحبا، بالعالم");
  CHECK(NextWordEnd(ar, 0) == 5);
  CHECK(PreviousWordStart(ar, ar.size()) == 7);
  CHECK(WordAt(ar, 9) == std::pair<std::size_t, std::size_t>{7, 14});

  EditBuffer b;
  b.SetText("Bonjour le monde");
  b.DeleteWordBackward();
  CHECK(b.Utf8() == "Bonjour le ");
  b.SetCaret({0, false}, false);
  b.DeleteWordForward();
  CHECK(b.Utf8() == " le ");
}

TEST_CASE("undo takes back a typed word at a time, and redo puts it back") {
  EditBuffer b;
  TypeEach(b, "abc def");
  CHECK(b.Utf8() == "abc def");
  REQUIRE(b.Undo());
  CHECK(b.Utf8() == "abc ");
  REQUIRE(b.Undo());
  CHECK(b.Utf8().empty());
  CHECK_FALSE(b.Undo());
  REQUIRE(b.Redo());
  CHECK(b.Utf8() == "abc ");
  CHECK(b.GetCaret().pos == 4);
  REQUIRE(b.Redo());
  CHECK(b.Utf8() == "abc def");
  CHECK_FALSE(b.Redo());
}

TEST_CASE("a caret move ends the undo step, and a new edit after undo drops the redo") {
  EditBuffer b;
  TypeEach(b, "ab");
  b.SetCaret({1, false}, false);
  TypeEach(b, "X");
  CHECK(b.Utf8() == "aXb");
  REQUIRE(b.Undo());
  CHECK(b.Utf8() == "ab");
  CHECK(b.GetCaret().pos == 1);
  TypeEach(b, "Y");
  CHECK_FALSE(b.CanRedo());
  CHECK(b.Utf8() == "aYb");
}

TEST_CASE("consecutive backspaces are one undo step and undo restores the selection") {
  EditBuffer b;
  b.SetText("hello world");
  for (int i = 0; i < 5; ++i) b.Backspace();
  CHECK(b.Utf8() == "hello ");
  REQUIRE(b.Undo());
  CHECK(b.Utf8() == "hello world");

  b.Select(0, 5);
  b.Type(U"J");
  CHECK(b.Utf8() == "J world");
  REQUIRE(b.Undo());
  CHECK(b.Utf8() == "hello world");
  CHECK(b.Selection() == std::pair<std::uint32_t, std::uint32_t>{0, 5});
}

TEST_CASE("cut and copy give the selection in logical order, paste replaces it cleanly") {
  EditBuffer b;
  b.SetText("نص عربي and English");
  b.Select(7, 3);  // anchor after the selection: the order of the ends does not matter
  CHECK(b.SelectedUtf8() == "عربي");
  CHECK(b.Cut() == "عربي");
  CHECK(b.Utf8() == "نص  and English");
  b.Paste("one\r\ntwo\x01\tthree\x7f");
  CHECK(b.Utf8() == "نص one\ntwo\tthree and English");
  REQUIRE(b.Undo());
  CHECK(b.Utf8() == "نص  and English");
  b.SetSingleLine(true);
  b.Paste("a\nb");
  CHECK(b.Utf8() == "نص a b and English");
}

TEST_CASE("the text never grows past its limit, and is cut between clusters") {
  EditBuffer b(5);
  b.SetText("abcdefgh");
  CHECK(b.Utf8() == "abcde");
  b.SetText("abc");
  b.Paste("de\u0301f");  // room for 2: "d" then "e"+accent would be 3, so only "d"
  CHECK(b.Utf8() == "abcd");
  TypeEach(b, "xyz");
  CHECK(b.Utf8() == "abcdx");
}

TEST_CASE("clean input drops controls and non-characters and keeps the rest") {
  using namespace std::string_literals;
  CHECK(CleanInput(U"a\u0000b\u0007c\u009Fd\uFFFEe\uFDD0f\u200Fg"s) == U"abcdef\u200Fg");
  CHECK(CleanInput(U"x\r\ny\rz") == U"x\ny\nz");
  CHECK(CleanInput(U"x\ny", false) == U"x y");
}

TEST_CASE("while Arabic is typed the caret walks left, beside the last letter") {
  EditBuffer b;
  float last_x = 1e9f;
  DocumentOptions o;
  o.box_width = 100;
  for (char32_t c : ToUtf32("كتبت")) {
    b.Type(std::u32string(1, c));
    const DocumentLayout d = LayoutDocument(b.Text(), o);
    const float x = CaretX(d, b.GetCaret());
    CHECK(x < last_x);
    // The caret is at the left edge of the right-aligned text, where the next letter appears.
    CHECK(x == doctest::Approx(d.lines[0].origin_x));
    last_x = x;
  }
  // Then a Latin word in the Arabic sentence: the caret stays at the right end of the Latin run
  // as it grows (the run itself grows leftwards, the line being right-aligned).
  b.Type(U" ");
  for (char32_t c : std::u32string(U"DNS")) {
    b.Type(std::u32string(1, c));
    const DocumentLayout d = LayoutDocument(b.Text(), o);
    const auto& line = d.lines[0];
    float latin_right = 0;
    for (const auto& g : line.line.glyphs)
      if (g.code_point == c) latin_right = line.origin_x + g.x + g.advance;
    CHECK(CaretX(d, b.GetCaret()) == doctest::Approx(latin_right));
  }
}
