// The client's one font: Noto Sans (Latin) merged with Noto Sans Arabic, both compiled into the
// binary from Debian's fonts-noto-core (the kit depends on no installed font), rasterised by
// Dear ImGui at the chosen pixel size.
#pragma once

#include <string_view>

struct ImFontAtlas;
struct ImFont;

namespace staccs::gui::widgets {

inline constexpr float kDefaultFontSize = 17.0f;  // fits 1024x600 (SPEC §5)
inline constexpr float kMinFontSize = 12.0f;
inline constexpr float kMaxFontSize = 36.0f;

// Clears `atlas` and adds the merged font at `pixel_size` (clamped to the range above), with the
// glyph ranges the kit draws: Latin (Basic, Latin-1, Extended-A and -B), general punctuation
// (dashes, quotes, the narrow no-break space French uses), Arabic, Arabic Supplement and the
// Arabic presentation forms FriBidi shapes into. Builds the atlas.
//
// Call it between frames. Once the renderer backend owns a font texture, re-create it after a
// rebuild: ImGui_ImplOpenGL3_DestroyFontsTexture(); ImGui_ImplOpenGL3_CreateFontsTexture().
// Returns the font (also made the atlas's default), or nullptr if the atlas could not be built,
// in which case ImGui's built-in font is loaded so the interface still draws (without Arabic).
ImFont* LoadFonts(ImFontAtlas& atlas, float pixel_size);

// The next font size `steps` steps up (> 0) or down (< 0) from `current`, for Ctrl +/−.
float StepFontSize(float current, int steps);

// The copyright and licence (SIL Open Font License 1.1) of the embedded fonts, as Debian ships
// them (/usr/share/doc/fonts-noto-core/copyright): show it in Help; it is also installed as
// share/doc/staccs/fonts-copyright.
std::string_view FontLicence();

}  // namespace staccs::gui::widgets
