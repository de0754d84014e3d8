// Labels for Dear ImGui's own widgets. Dear ImGui 1.86 draws code points left to right and
// knows nothing of bidi or Arabic joining, so a button labelled with raw Arabic shows
// disconnected letters in reverse. Display() returns the label in visual order, shaped, which
// ImGui then draws correctly on one line:
//
//   ImGui::Button(Display(tr("Sync now")));
//   ImGui::Checkbox(Display(tr("High contrast")), &on);
//
// Text with nothing right-to-left in it is returned unchanged (the same pointer) in a
// left-to-right interface. A "##id" or "###id" suffix is kept as it is, so ImGui ids stay
// stable. For wrapped text and for the user's own text use widgets::Paragraph / TextField.
//
// UI thread only. A returned pointer stays valid for at least the next 1,000 Display calls
// (results are cached), which covers any use within one frame.
#pragma once

#include "staccs/gui/text/paragraph_layout.h"

namespace staccs::gui {

// In the interface's direction (right to left in Arabic): for translated strings.
const char* Display(const char* logical_utf8);
// With the direction taken from the text itself (falling back to the interface's): for content
// such as a campaign title or a practice's name shown in a list.
const char* DisplayContent(const char* logical_utf8);
// With an explicit base direction.
const char* DisplayAs(const char* logical_utf8, text::BaseDirection direction);

}  // namespace staccs::gui
