#include "staccs/gui/text/utf32.h"

#include "staccs/core/text.h"

namespace staccs::gui::text {

std::u32string ToUtf32(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) out.push_back(static_cast<char32_t>(core::DecodeUtf8(utf8, i)));
  return out;
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) core::AppendUtf8(out, static_cast<std::uint32_t>(c));
  return out;
}

}  // namespace staccs::gui::text
