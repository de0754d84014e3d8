// Conversions between the UTF-8 the kit stores and the code points the text layer works on.
#pragma once

#include <string>
#include <string_view>

namespace staccs::gui::text {

// Malformed bytes decode to U+FFFD (one per bad byte), as core::DecodeUtf8 does.
std::u32string ToUtf32(std::string_view utf8);
std::string ToUtf8(std::u32string_view text);

}  // namespace staccs::gui::text
