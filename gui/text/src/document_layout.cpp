#include "staccs/gui/text/document_layout.h"

namespace staccs::gui::text {

DocumentLayout LayoutDocument(std::u32string_view text, const DocumentOptions& options, const AdvanceFn& advance) {
  DocumentLayout doc;
  doc.box_width = options.box_width;
  bool previous_rtl = options.fallback_rtl;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = text.find(U'\n', start);
    const std::size_t stop = nl == std::u32string_view::npos ? text.size() : nl;
    const std::u32string_view paragraph = text.substr(start, stop - start);

    LayoutOptions lo;
    lo.direction = options.direction;
    if (options.direction == BaseDirection::kAuto) {
      // A paragraph with no strong character (empty, digits only) continues the one before it,
      // so a new empty line in Arabic text starts on the right.
      lo.direction = DetectRtl(paragraph).value_or(previous_rtl) ? BaseDirection::kRtl : BaseDirection::kLtr;
    }
    lo.wrap_width = options.wrap ? options.box_width : 0;
    ParagraphLayout p = LayoutParagraph(paragraph, lo, advance);
    previous_rtl = p.rtl;

    for (std::size_t k = 0; k < p.lines.size(); ++k) {
      PlacedLine placed;
      placed.paragraph_begin = static_cast<std::uint32_t>(start);
      placed.begin = static_cast<std::uint32_t>(start + p.lines[k].begin);
      placed.end = static_cast<std::uint32_t>(start + p.lines[k].end);
      placed.rtl = p.rtl;
      placed.first_of_paragraph = k == 0;
      placed.last_of_paragraph = k + 1 == p.lines.size();
      placed.origin_x = p.rtl ? options.box_width - p.lines[k].visible_width : 0.0f;
      placed.line = std::move(p.lines[k]);
      doc.lines.push_back(std::move(placed));
    }
    if (nl == std::u32string_view::npos) break;
    start = nl + 1;
  }
  return doc;
}

}  // namespace staccs::gui::text
