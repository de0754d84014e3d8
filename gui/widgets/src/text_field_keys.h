// Private to gui/widgets: the text field's keyboard and character handling.
#pragma once

#include <functional>

#include "staccs/gui/widgets/text_field.h"

namespace staccs::gui::widgets::detail {

struct KeyOutcome {
  bool changed = false;
  bool submitted = false;  // Enter in a single-line field
  bool leave = false;      // Escape
};

// Applies this frame's typed characters and editing keys to the field. `relayout` brings
// state.view.layout up to date with the buffer (visual moves read it after an edit).
KeyOutcome HandleKeys(TextFieldState& state, const TextFieldOptions& options, int page_lines,
                      const std::function<void()>& relayout);

}  // namespace staccs::gui::widgets::detail
