#include "staccs/gui/text/display_text.h"

#include <string>
#include <string_view>
#include <unordered_map>

#include "staccs/gui/text/translate.h"
#include "staccs/gui/text/utf32.h"

namespace staccs::gui {

namespace {

// Two generations: when the young one is full it becomes the old one and the old one is
// dropped, so a pointer handed out survives at least kGeneration further calls.
constexpr std::size_t kGeneration = 1000;

struct Cache {
  std::unordered_map<std::string, std::string> young, old;

  const std::string* Find(const std::string& key) {
    if (auto it = young.find(key); it != young.end()) return &it->second;
    if (auto it = old.find(key); it != old.end()) {
      // Move it to the young generation, keeping the old entry (and its pointer) alive too.
      return &young.emplace(key, it->second).first->second;
    }
    return nullptr;
  }
  const std::string* Add(std::string key, std::string value) {
    if (young.size() >= kGeneration) {
      old = std::move(young);
      young.clear();
    }
    return &young.emplace(std::move(key), std::move(value)).first->second;
  }
};

// True if no code point of `utf8` is at or above U+0590 (where Hebrew, Arabic and the bidi
// controls start): their UTF-8 lead bytes are 0xD6 and up. Latin, French accents and the common
// punctuation answer without decoding.
bool AllBelowHebrew(std::string_view utf8) {
  for (unsigned char c : utf8)
    if (c >= 0xD6) return false;
  return true;
}

std::string VisualUtf8(std::string_view label, text::BaseDirection direction, bool ui_rtl) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = label.find('\n', start);
    const std::u32string line = text::ToUtf32(label.substr(start, nl == std::string_view::npos ? nl : nl - start));
    out += text::ToUtf8(text::VisualOrder(line, direction, ui_rtl));
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
  return out;
}

}  // namespace

const char* DisplayAs(const char* logical, text::BaseDirection direction) {
  if (logical == nullptr) return "";
  const std::string_view all(logical);
  const std::size_t id = all.find("##");
  const std::string_view label = all.substr(0, id);
  const bool ui_rtl = IsRightToLeft();
  // Nothing to reorder: the common case in English and French costs one scan.
  const bool rtl_base = direction == text::BaseDirection::kRtl;
  if (!rtl_base && (AllBelowHebrew(label) || !text::NeedsBidi(text::ToUtf32(label)))) return logical;

  static Cache cache;
  std::string key;
  key.reserve(all.size() + 2);
  key.push_back(static_cast<char>('0' + static_cast<int>(direction)));
  key.push_back(ui_rtl ? 'r' : 'l');
  key.append(all);
  if (const std::string* hit = cache.Find(key)) return hit->c_str();
  std::string value = VisualUtf8(label, direction, ui_rtl);
  if (id != std::string_view::npos) value.append(all.substr(id));
  return cache.Add(std::move(key), std::move(value))->c_str();
}

const char* Display(const char* logical) {
  return DisplayAs(logical, IsRightToLeft() ? text::BaseDirection::kRtl : text::BaseDirection::kLtr);
}

const char* DisplayContent(const char* logical) { return DisplayAs(logical, text::BaseDirection::kAuto); }

}  // namespace staccs::gui
