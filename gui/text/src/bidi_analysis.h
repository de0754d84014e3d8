// Private to the text layer: one paragraph run through FriBidi — number sequences isolated,
// bidi levels resolved, Arabic joined and shaped, brackets mirrored — in a working copy that
// keeps its map back to the logical text.
#pragma once

#include <fribidi.h>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace staccs::gui::text::detail {

struct BidiAnalysis {
  bool rtl = false;                      // resolved base direction
  FriBidiParType base = FRIBIDI_PAR_LTR;
  std::vector<FriBidiChar> shaped;       // working string, shaped (logical order)
  std::vector<std::int32_t> to_logical;  // per working index: logical index, -1 for our isolates
  std::vector<std::uint32_t> first_working;  // per logical index (+1 at the end): the first
                                             // working index of its slot, isolates before it included
  std::vector<std::uint32_t> working;    // per logical index: its own working index
  std::vector<FriBidiCharType> types;    // of the working string
  std::vector<FriBidiLevel> levels;
  std::vector<FriBidiArabicProp> arabic;

  // True if logical i was merged into the ligature drawn for logical i + 1 (lam of lam-alef).
  bool MergedIntoNext(std::size_t i) const {
    return (arabic[working[i]] & FRIBIDI_MASK_LIGATURED) != 0;
  }
};

// Spans [first, second) of logical text to wrap in a left-to-right isolate: two or more groups of
// Latin letters and digits joined by single spaces or short punctuation (a fingerprint, a date,
// a phone number, "RFC 8200"), holding at least one digit.
std::vector<std::pair<std::uint32_t, std::uint32_t>> FindNumberSequences(
    std::u32string_view text, const std::vector<FriBidiCharType>& types);

// `rtl` is the base direction (already resolved: the isolates must not change it).
BidiAnalysis Analyze(std::u32string_view paragraph, bool rtl);

// Characters never drawn: bidi controls, marks like LRM/RLM/ALM, joiners and other BN.
bool IsHidden(char32_t c, FriBidiCharType type);

}  // namespace staccs::gui::text::detail
