// The kit's fonts: Noto Sans for Latin text and Noto Sans Arabic merged into it, found beside
// the program (share/staccs/fonts), in $STACCS_FONT_DIR, or in Debian's fonts-noto-core.
#pragma once

namespace staccs::gui {

// Rebuilds the font atlas at `pixels`; false if the Noto fonts were not found (the built-in
// Latin-only font is used then).
bool LoadFonts(float pixels);

}  // namespace staccs::gui
