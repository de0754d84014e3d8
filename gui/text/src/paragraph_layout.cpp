#include "staccs/gui/text/paragraph_layout.h"

#include <fribidi.h>

#include "bidi_analysis.h"
#include "staccs/gui/text/clusters.h"

namespace staccs::gui::text {

namespace {

// Where a line may break: after white space (not after the no-break spaces French puts before
// ";:!?" and inside numbers).
bool IsBreakSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == 0x1680 || (c >= 0x2000 && c <= 0x200A && c != 0x2007) ||
         c == 0x205F || c == 0x3000;
}

// The logical [begin, end) ranges of the lines, greedy, in logical order.
std::vector<std::pair<std::uint32_t, std::uint32_t>> BreakLines(std::u32string_view p,
                                                                const detail::BidiAnalysis& a,
                                                                const std::vector<float>& advance,
                                                                float wrap_width) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lines;
  const std::size_t n = p.size();
  std::size_t start = 0;
  do {
    float width = 0;
    std::size_t i = start, end = n, last_break = start;
    while (i < n) {
      // A cluster; a lam that forms a ligature with the next letter never ends a line.
      std::size_t j = NextClusterBoundary(p, i);
      while (j < n && a.MergedIntoNext(j - 1)) j = NextClusterBoundary(p, j);
      float w = 0;
      for (std::size_t k = i; k < j; ++k) w += advance[k];
      if (IsBreakSpace(p[i])) {  // spaces hang past the edge, they never force a break
        width += w;
        i = j;
        if (i < n && !IsBreakSpace(p[i])) last_break = i;
        continue;
      }
      if (wrap_width > 0 && i > start && width + w > wrap_width) {
        end = last_break > start ? last_break : i;
        break;
      }
      width += w;
      i = j;
    }
    lines.emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end));
    start = end;
  } while (start < n);
  return lines;
}

LayoutLine ReorderLine(std::u32string_view p, const detail::BidiAnalysis& a, const std::vector<float>& advance,
                       std::uint32_t begin, std::uint32_t end) {
  LayoutLine line;
  line.begin = begin;
  line.end = end;
  const std::uint32_t wa = a.first_working[begin], wb = a.first_working[end];
  const auto len = static_cast<FriBidiStrIndex>(wb - wa);
  // fribidi_reorder_line changes the levels of trailing white space (rule L1): work on copies.
  std::vector<FriBidiCharType> types(a.types.begin() + wa, a.types.begin() + wb);
  std::vector<FriBidiLevel> levels(a.levels.begin() + wa, a.levels.begin() + wb);
  std::vector<FriBidiStrIndex> map(wb - wa);
  for (FriBidiStrIndex k = 0; k < len; ++k) map[k] = k;
  if (len > 0 && fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, types.data(), len, 0, a.base, levels.data(),
                                      nullptr, map.data()) == 0) {
    for (FriBidiStrIndex k = 0; k < len; ++k) map[k] = a.rtl ? len - 1 - k : k;  // allocation failure
  }

  // Trailing white space of the line (logical), which hangs outside the visible width.
  std::uint32_t trailing_from = end;
  while (trailing_from > begin && IsBreakSpace(p[trailing_from - 1])) --trailing_from;

  float x = 0, hanging = 0;
  line.glyphs.reserve(wb - wa);
  for (FriBidiStrIndex k = 0; k < len; ++k) {
    const std::uint32_t wi = wa + static_cast<std::uint32_t>(map[k]);
    const std::int32_t li = a.to_logical[wi];
    if (li < 0) continue;  // one of our isolate marks
    const auto l = static_cast<std::uint32_t>(li);
    if (a.MergedIntoNext(l) && l + 1 < end) continue;  // drawn by the ligature glyph
    VisualGlyph g;
    g.code_point = static_cast<char32_t>(a.shaped[wi]);
    g.logical = l;
    g.advance = advance[l];
    if (l > begin && a.MergedIntoNext(l - 1)) {
      g.logical = l - 1;
      g.count = 2;
      g.advance += advance[l - 1];
    }
    g.rtl = (levels[map[k]] & 1) != 0;
    g.hidden = detail::IsHidden(p[l], a.types[wi]) || p[l] == U'\t';
    g.mark = !g.hidden && a.types[wi] == FRIBIDI_TYPE_NSM;
    if (g.mark) g.advance = 0;
    g.x = x;
    x += g.advance;
    if (l >= trailing_from) hanging += g.advance;
    line.glyphs.push_back(g);
  }
  line.visible_width = x - hanging;
  // In a right-to-left paragraph the hanging spaces are on the left: move them below x = 0.
  if (a.rtl && hanging > 0)
    for (auto& g : line.glyphs) g.x -= hanging;
  return line;
}

}  // namespace

std::optional<bool> DetectRtl(std::u32string_view paragraph) {
  int isolates = 0;
  for (char32_t c : paragraph) {
    const FriBidiCharType t = fribidi_get_bidi_type(static_cast<FriBidiChar>(c));
    if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) {
      ++isolates;
    } else if (t == FRIBIDI_TYPE_PDI) {
      if (isolates > 0) --isolates;
    } else if (isolates == 0 && FRIBIDI_IS_LETTER(t)) {
      return FRIBIDI_IS_RTL(t) != 0;
    }
  }
  return std::nullopt;
}

bool NeedsBidi(std::u32string_view text) {
  for (char32_t c : text) {
    if (c < 0x0590) continue;
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200F || c == 0x061C) return true;
    const FriBidiCharType t = fribidi_get_bidi_type(static_cast<FriBidiChar>(c));
    if (FRIBIDI_IS_RTL(t) || t == FRIBIDI_TYPE_AN) return true;
  }
  return false;
}

ParagraphLayout LayoutParagraph(std::u32string_view p, const LayoutOptions& options, const AdvanceFn& advance_of) {
  bool rtl = options.direction == BaseDirection::kRtl;
  if (options.direction == BaseDirection::kAuto) rtl = DetectRtl(p).value_or(options.fallback_rtl);
  const detail::BidiAnalysis a = detail::Analyze(p, rtl);

  std::vector<float> advance(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::uint32_t wi = a.working[i];
    if (a.MergedIntoNext(i) || detail::IsHidden(p[i], a.types[wi]) || a.types[wi] == FRIBIDI_TYPE_NSM) {
      advance[i] = p[i] == U'\t' ? (advance_of ? advance_of(U'\t') : 1.0f) : 0.0f;
    } else {
      advance[i] = advance_of ? advance_of(static_cast<char32_t>(a.shaped[wi])) : 1.0f;
    }
  }
  ParagraphLayout layout;
  layout.rtl = rtl;
  for (const auto& [begin, end] : BreakLines(p, a, advance, options.wrap_width))
    layout.lines.push_back(ReorderLine(p, a, advance, begin, end));
  return layout;
}

std::u32string VisualOrder(std::u32string_view paragraph, BaseDirection direction, bool fallback_rtl) {
  LayoutOptions options;
  options.direction = direction;
  options.fallback_rtl = fallback_rtl;
  const ParagraphLayout layout = LayoutParagraph(paragraph, options);
  std::u32string out;
  for (const auto& g : layout.lines.front().glyphs)
    if (!g.hidden) out.push_back(g.code_point);
  return out;
}

}  // namespace staccs::gui::text
