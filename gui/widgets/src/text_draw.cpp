#include "text_draw.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <list>
#include <string>
#include <unordered_map>

#include "staccs/gui/text/translate.h"
#include "staccs/gui/text/utf32.h"

namespace staccs::gui::widgets {

text::AdvanceFn FontAdvance(const ImFont* font, float size) {
  const float scale = size / font->FontSize;
  return [font, scale](char32_t c) -> float {
    if (c == U'\t') return 4.0f * font->GetCharAdvance(L' ') * scale;
    if (c > 0xFFFF) return font->FallbackAdvanceX * scale;  // ImWchar is 16 bits in Debian's build
    return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
  };
}

void DrawLayout(ImDrawList* draw_list, const ImFont* font, float size, ImVec2 pos, float line_height,
                const text::DocumentLayout& layout, ImU32 color) {
  const float scale = size / font->FontSize;
  const ImVec2 clip_min = draw_list->GetClipRectMin(), clip_max = draw_list->GetClipRectMax();
  const float baseline_pad = std::floor((line_height - size) * 0.5f);
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    const float y = pos.y + static_cast<float>(i) * line_height;
    if (y > clip_max.y) break;
    if (y + line_height < clip_min.y) continue;
    const auto& placed = layout.lines[i];
    const float origin = pos.x + placed.origin_x;
    const text::VisualGlyph* base = nullptr;
    for (const auto& g : placed.line.glyphs) {
      if (g.hidden) continue;
      const auto c = static_cast<ImWchar>(g.code_point > 0xFFFF ? 0xFFFD : g.code_point);
      if (!g.mark) {
        base = &g;
        font->RenderChar(draw_list, size, ImVec2(origin + g.x, y + baseline_pad), color, c);
        continue;
      }
      // A combining mark: centred over its base letter (ImGui has no mark positioning).
      const ImFontGlyph* mg = font->FindGlyph(c);
      if (mg == nullptr || base == nullptr) continue;
      const float centre = origin + base->x + base->advance * 0.5f;
      const float x = centre - (mg->X0 + mg->X1) * 0.5f * scale;
      font->RenderChar(draw_list, size, ImVec2(x, y + baseline_pad), color, c);
    }
  }
}

namespace detail {

namespace {
struct CacheEntry {
  text::DocumentLayout layout;
  std::list<std::string>::iterator age;
};
constexpr std::size_t kCachedLayouts = 512;
}  // namespace

const text::DocumentLayout& CachedLayout(std::string_view utf8, const text::DocumentOptions& options,
                                         std::optional<Align> align, const ImFont* font, float size) {
  static std::unordered_map<std::string, CacheEntry> cache;
  static std::list<std::string> ages;  // most recently used first
  std::string key;
  key.reserve(utf8.size() + 48);
  char params[96];
  std::snprintf(params, sizeof params, "%p|%.2f|%.1f|%d|%d|%d|%d|%d|", static_cast<const void*>(font), size,
                options.box_width, static_cast<int>(options.direction), options.fallback_rtl ? 1 : 0,
                options.wrap ? 1 : 0, align ? static_cast<int>(*align) : -1, IsRightToLeft() ? 1 : 0);
  key.append(params).append(utf8);
  if (auto it = cache.find(key); it != cache.end()) {
    ages.splice(ages.begin(), ages, it->second.age);
    return it->second.layout;
  }
  if (cache.size() >= kCachedLayouts) {
    cache.erase(ages.back());
    ages.pop_back();
  }
  ages.push_front(key);
  auto& entry = cache[key];
  entry.age = ages.begin();
  entry.layout = text::LayoutDocument(text::ToUtf32(utf8), options, FontAdvance(font, size));
  if (align) AlignLines(entry.layout, options.box_width, *align);
  return entry.layout;
}

float LayoutWidth(const text::DocumentLayout& layout) {
  float w = 0;
  for (const auto& l : layout.lines) w = std::max(w, l.line.visible_width);
  return w;
}

void AlignLines(text::DocumentLayout& layout, float width, Align align) {
  const bool rtl = IsRightToLeft();
  if (align == Align::kStart) align = rtl ? Align::kRight : Align::kLeft;
  if (align == Align::kEnd) align = rtl ? Align::kLeft : Align::kRight;
  for (auto& l : layout.lines) {
    const float w = l.line.visible_width;
    l.origin_x = align == Align::kLeft ? 0.0f : align == Align::kRight ? width - w : std::floor((width - w) * 0.5f);
  }
}

float ParagraphLineHeight(float font_size) { return std::round(font_size * 1.35f); }

}  // namespace detail
}  // namespace staccs::gui::widgets
