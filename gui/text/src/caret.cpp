#include "staccs/gui/text/caret.h"

#include <algorithm>
#include <cmath>

#include "staccs/gui/text/clusters.h"

namespace staccs::gui::text {

namespace {

struct Stop {
  float x;
  Caret caret;
};

// The glyph that draws logical (paragraph-relative) index `rel`; a combining mark resolves to
// the glyph of its base letter.
const VisualGlyph* GlyphOf(const LayoutLine& line, std::uint32_t rel) {
  for (;;) {
    for (const auto& g : line.glyphs)
      if (!g.mark && rel >= g.logical && rel < g.logical + g.count) return &g;
    if (rel == line.begin) return nullptr;
    --rel;  // a mark (or a character not on the line): use the one before it
  }
}

// x of an edge inside glyph `g`: after `k` of its `count` logical characters, in reading order.
float EdgeX(const VisualGlyph& g, std::uint32_t k) {
  const float frac = static_cast<float>(k) / static_cast<float>(g.count);
  return g.rtl ? g.x + g.advance * (1.0f - frac) : g.x + g.advance * frac;
}

// Line-relative x of `pos` drawn on `placed`: the leading edge of the character at the line's
// start, otherwise the trailing edge of the character before it.
float XOnLine(const PlacedLine& placed, std::uint32_t pos) {
  const LayoutLine& line = placed.line;
  if (line.glyphs.empty()) return 0;
  const std::uint32_t rel = pos - placed.paragraph_begin;
  // GlyphOf may step back from a mark to its base letter: the edge is then the base's far edge.
  if (pos <= placed.begin) {
    const VisualGlyph* g = GlyphOf(line, rel);
    return g != nullptr ? EdgeX(*g, std::min(rel - g->logical, g->count)) : 0.0f;
  }
  const VisualGlyph* g = GlyphOf(line, rel - 1);
  return g != nullptr ? EdgeX(*g, std::min(rel - g->logical, g->count)) : 0.0f;
}

std::vector<Stop> StopsOf(std::u32string_view text, const PlacedLine& placed) {
  std::vector<Stop> stops;
  for (std::uint32_t p = placed.begin; p <= placed.end; ++p) {
    if (!IsClusterBoundary(text, p)) continue;
    Caret c{p, p == placed.begin && !placed.first_of_paragraph};
    stops.push_back({placed.origin_x + XOnLine(placed, p), c});
  }
  std::stable_sort(stops.begin(), stops.end(), [](const Stop& a, const Stop& b) { return a.x < b.x; });
  return stops;
}

Caret Clamp(std::u32string_view text, Caret c) {
  if (c.pos > text.size()) c = {static_cast<std::uint32_t>(text.size()), false};
  return c;
}

}  // namespace

std::size_t CaretLine(const DocumentLayout& layout, Caret caret) {
  const auto& lines = layout.lines;
  auto it = std::lower_bound(lines.begin(), lines.end(), caret.pos,
                             [](const PlacedLine& l, std::uint32_t pos) { return l.end < pos; });
  if (it == lines.end()) return lines.size() - 1;
  auto i = static_cast<std::size_t>(it - lines.begin());
  if (caret.line_start && caret.pos == lines[i].end && !lines[i].last_of_paragraph && i + 1 < lines.size()) ++i;
  return i;
}

float CaretX(const DocumentLayout& layout, Caret caret) {
  const PlacedLine& placed = layout.lines[CaretLine(layout, caret)];
  return placed.origin_x + XOnLine(placed, std::clamp(caret.pos, placed.begin, placed.end));
}

Caret HitTest(std::u32string_view text, const DocumentLayout& layout, std::size_t line_index, float x) {
  line_index = std::min(line_index, layout.lines.size() - 1);
  const auto stops = StopsOf(text, layout.lines[line_index]);
  const Stop* best = &stops.front();
  for (const auto& s : stops)
    if (std::fabs(s.x - x) < std::fabs(best->x - x)) best = &s;
  return best->caret;
}

Caret MoveVisually(std::u32string_view text, const DocumentLayout& layout, Caret caret, bool right) {
  caret = Clamp(text, caret);
  const std::size_t li = CaretLine(layout, caret);
  const PlacedLine& placed = layout.lines[li];
  const auto stops = StopsOf(text, placed);
  std::size_t at = 0;
  bool found = false;
  for (std::size_t k = 0; k < stops.size(); ++k) {
    if (stops[k].caret.pos == caret.pos) { at = k; found = true; break; }
  }
  if (!found) return HitTest(text, layout, li, CaretX(layout, caret));
  if (right && at + 1 < stops.size()) return stops[at + 1].caret;
  if (!right && at > 0) return stops[at - 1].caret;

  // Off the line's edge: on in reading order (for a right-to-left paragraph, Left reads on).
  const bool forward = right != placed.rtl;
  if (forward) {
    if (li + 1 >= layout.lines.size()) return caret;
    const PlacedLine& next = layout.lines[li + 1];
    Caret c{next.begin, !next.first_of_paragraph};
    if (c.pos == caret.pos) c = {static_cast<std::uint32_t>(NextClusterBoundary(text, c.pos)), false};
    return c;
  }
  if (li == 0) return caret;
  const PlacedLine& prev = layout.lines[li - 1];
  Caret c{prev.end, false};
  if (c.pos == caret.pos) {
    const auto p = static_cast<std::uint32_t>(PreviousClusterBoundary(text, c.pos));
    c = {p, p == prev.begin && !prev.first_of_paragraph};
  }
  return c;
}

Caret MoveVertically(std::u32string_view text, const DocumentLayout& layout, Caret caret, int delta, float preferred_x) {
  caret = Clamp(text, caret);
  const auto li = static_cast<long>(CaretLine(layout, caret));
  const long target = std::clamp(li + delta, 0L, static_cast<long>(layout.lines.size()) - 1);
  if (target == li) return delta < 0 ? LineStart(layout, caret) : LineEnd(layout, caret);
  return HitTest(text, layout, static_cast<std::size_t>(target), preferred_x);
}

Caret LineStart(const DocumentLayout& layout, Caret caret) {
  const PlacedLine& placed = layout.lines[CaretLine(layout, caret)];
  return {placed.begin, !placed.first_of_paragraph};
}

Caret LineEnd(const DocumentLayout& layout, Caret caret) {
  const PlacedLine& placed = layout.lines[CaretLine(layout, caret)];
  return {placed.end, false};
}

std::vector<SelectionSpan> SelectionSpans(const DocumentLayout& layout, std::uint32_t first, std::uint32_t last,
                                          float newline_width) {
  std::vector<SelectionSpan> spans;
  if (first >= last) return spans;
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    const PlacedLine& placed = layout.lines[i];
    if (placed.begin > last) break;
    if (placed.end < first) continue;
    const std::size_t line_first_span = spans.size();
    for (const auto& g : placed.line.glyphs) {
      if (g.mark) continue;
      const std::uint32_t a = placed.paragraph_begin + g.logical, b = a + g.count;
      const std::uint32_t from = std::max(a, first), to = std::min(b, last);
      if (from >= to) continue;
      float x0 = EdgeX(g, from - a), x1 = EdgeX(g, to - a);
      if (x0 > x1) std::swap(x0, x1);
      x0 += placed.origin_x;
      x1 += placed.origin_x;
      // Glyphs come left to right: extend the previous span when this one touches it.
      if (spans.size() > line_first_span && std::fabs(spans.back().x1 - x0) < 0.01f) {
        spans.back().x1 = x1;
      } else if (x1 > x0) {
        spans.push_back({i, x0, x1});
      }
    }
    // The paragraph's line break is selected: show it as a space at the end side.
    if (placed.last_of_paragraph && placed.end >= first && placed.end < last && i + 1 < layout.lines.size()) {
      const float x = placed.rtl ? placed.origin_x - newline_width : placed.origin_x + placed.line.visible_width;
      spans.push_back({i, x, x + newline_width});
    }
  }
  return spans;
}

bool CaretInRtlParagraph(const DocumentLayout& layout, Caret caret) {
  return layout.lines[CaretLine(layout, caret)].rtl;
}

}  // namespace staccs::gui::text
