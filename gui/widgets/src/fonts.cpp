#include "staccs/gui/widgets/fonts.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace staccs::gui::widgets {

namespace detail {
extern const unsigned char kNotoSans[];
extern const std::size_t kNotoSansSize;
extern const unsigned char kNotoSansArabic[];
extern const std::size_t kNotoSansArabicSize;
extern const std::string_view kFontCopyright;
}  // namespace detail

namespace {

// Glyph ranges (inclusive pairs, zero-terminated), static: the atlas keeps the pointers.
constexpr ImWchar kLatinRanges[] = {
    0x0020, 0x024F,  // Basic Latin, Latin-1, Latin Extended-A and -B
    0x0300, 0x036F,  // combining diacritical marks (accents typed as marks)
    0x2000, 0x206F,  // general punctuation: dashes, quotes, ellipsis, bullet, narrow no-break space
    0x20AC, 0x20AC,  // euro sign
    0x2190, 0x2193,  // arrows
    0x2212, 0x2212,  // minus sign
    0xFFFD, 0xFFFD,  // replacement character (shown for malformed input)
    0,
};
constexpr ImWchar kArabicRanges[] = {
    0x0600, 0x06FF,  // Arabic (letters, harakat, Arabic-Indic digits, punctuation)
    0x0750, 0x077F,  // Arabic Supplement
    0xFB50, 0xFDFF,  // Arabic Presentation Forms-A (FriBidi shapes Persian and Urdu letters here)
    0xFE70, 0xFEFC,  // Arabic Presentation Forms-B (joining forms, lam-alef ligatures)
    0,
};

std::uint32_t Be32(const unsigned char* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
int Be16(const unsigned char* p, bool is_signed) {
  const int v = p[0] << 8 | p[1];
  return is_signed && v >= 0x8000 ? v - 0x10000 : v;
}

// unitsPerEm / (ascender − descender) of a TrueType font, from its head and hhea tables: Dear
// ImGui sizes a font so that ascender − descender fills the pixel size, which makes Arabic (whose
// font is tall, for its marks) smaller than Latin at the same size; we size both by the em.
float EmPerPixelHeight(const unsigned char* font, std::size_t size) {
  if (size < 12) return 0.75f;
  const unsigned tables = static_cast<unsigned>(Be16(font + 4, false));
  int units_per_em = 0, ascender = 0, descender = 0;
  for (unsigned i = 0; i < tables && 12 + 16 * (i + 1) <= size; ++i) {
    const unsigned char* rec = font + 12 + 16 * i;
    const std::uint32_t offset = Be32(rec + 8);
    if (offset + 54 > size) continue;
    if (std::memcmp(rec, "head", 4) == 0) units_per_em = Be16(font + offset + 18, false);
    if (std::memcmp(rec, "hhea", 4) == 0) {
      ascender = Be16(font + offset + 4, true);
      descender = Be16(font + offset + 6, true);
    }
  }
  if (units_per_em <= 0 || ascender - descender <= 0) return 0.75f;
  return static_cast<float>(units_per_em) / static_cast<float>(ascender - descender);
}

ImFontConfig Config(const char* name) {
  ImFontConfig c;
  c.FontDataOwnedByAtlas = false;  // our bytes live in the binary
  // Two horizontal samples are enough for smooth Arabic at 12–36 px and keep the atlas (and the
  // time to build it at start-up and on Ctrl +/−) at a third less than ImGui's default of three.
  c.OversampleH = 2;
  c.OversampleV = 1;
  std::snprintf(c.Name, sizeof c.Name, "%s", name);
  return c;
}

}  // namespace

ImFont* LoadFonts(ImFontAtlas& atlas, float pixel_size) {
  const float px = std::clamp(std::round(pixel_size), kMinFontSize, kMaxFontSize);
  atlas.Clear();
  ImFontConfig latin = Config("Noto Sans");
  ImFont* font = atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(detail::kNotoSans),
                                            static_cast<int>(detail::kNotoSansSize), px, &latin, kLatinRanges);
  // The same em size for Arabic as for Latin: the pixel size whose em equals Latin's em.
  const float em = px * EmPerPixelHeight(detail::kNotoSans, detail::kNotoSansSize);
  const float arabic_px = em / EmPerPixelHeight(detail::kNotoSansArabic, detail::kNotoSansArabicSize);
  ImFontConfig arabic = Config("Noto Sans Arabic");
  arabic.MergeMode = true;
  atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(detail::kNotoSansArabic),
                             static_cast<int>(detail::kNotoSansArabicSize), arabic_px, &arabic, kArabicRanges);
  if (font == nullptr || !atlas.Build()) {
    std::fprintf(stderr, "staccs: cannot build the font atlas at %.0f px; using the built-in font\n", px);
    atlas.Clear();
    atlas.AddFontDefault();
    atlas.Build();
    return nullptr;
  }
  return font;  // the atlas's first font: ImGui's default unless the app picks another
}

float StepFontSize(float current, int steps) {
  // Steps of about 10%, rounded to whole pixels, so seven presses go from 12 to about 24.
  float size = current;
  for (; steps > 0; --steps) size = std::max(size + 1.0f, std::round(size * 1.1f));
  for (; steps < 0; ++steps) size = std::min(size - 1.0f, std::round(size / 1.1f));
  return std::clamp(size, kMinFontSize, kMaxFontSize);
}

std::string_view FontLicence() { return detail::kFontCopyright; }

}  // namespace staccs::gui::widgets
