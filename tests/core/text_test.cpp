// Text from outside made safe: clean UTF-8 for names that travel, printable for terminals.
#include <doctest/doctest.h>

#include "staccs/core/text.h"

using namespace staccs::core;

TEST_CASE("outside text is printed with its control characters and stray bytes escaped") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"plain name.stb", "plain name.stb"},
      {"caf\xc3\xa9 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "caf\xc3\xa9 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"},
      {"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
      {"x.stb\nbundles: 99 new", "x.stb\\x0abundles: 99 new"},
      {"bell\x07 del\x7f", "bell\\x07 del\\x7f"},
      {"csi \xc2\x9b" "2J", "csi \\u{009b}2J"},                       // C1 control
      {"Mallory \xe2\x80\xae" "enoD", "Mallory \\u{202e}enoD"},       // right-to-left override
      {"caf\xe9.txt", "caf\\xe9.txt"},                              // Latin-1 byte
      {"over\xc0\xaflong", "over\\xc0\\xaflong"},                     // overlong '/'
      {"C:\\Users\\x", "C:\\Users\\x"},
  };
  for (const Case& c : cases) CHECK(PrintableText(c.in) == c.out);
}

TEST_CASE("a file system name becomes clean UTF-8 that the bundle parser accepts") {
  CHECK(ToCleanUtf8("caf\xe9.txt") == "caf\xef\xbf\xbd.txt");
  CHECK(ToCleanUtf8("tab\tok") == "tab\tok");
  CHECK(ToCleanUtf8(std::string("nul\0x", 5)) == "nul\xef\xbf\xbdx");
  CHECK(ToCleanUtf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate, byte by byte
  for (const char* s : {"caf\xe9.txt", "\x01\x02", "\xff\xfe", "ok \xe2\x82\xac"}) CHECK(IsCleanUtf8(ToCleanUtf8(s)));
}
