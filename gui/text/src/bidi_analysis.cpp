#include "bidi_analysis.h"

#include "staccs/gui/text/clusters.h"

namespace staccs::gui::text::detail {

namespace {

bool IsUnitChar(FriBidiCharType t) {
  return t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN || t == FRIBIDI_TYPE_ET;
}
bool IsDigit(FriBidiCharType t) { return t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN; }
bool IsSpaceJoiner(char32_t c) { return c == U' ' || c == 0x00A0 || c == 0x202F; }
bool IsPunctJoiner(FriBidiCharType t) { return t == FRIBIDI_TYPE_CS || t == FRIBIDI_TYPE_ES; }

}  // namespace

bool IsHidden(char32_t c, FriBidiCharType type) {
  if (c == 0x200E || c == 0x200F || c == 0x061C) return true;  // LRM, RLM, ALM
  return FRIBIDI_IS_EXPLICIT_OR_BN(type) || FRIBIDI_IS_ISOLATE(type);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> FindNumberSequences(
    std::u32string_view text, const std::vector<FriBidiCharType>& types) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (!IsUnitChar(types[i])) { ++i; continue; }
    const std::size_t first = i;
    std::size_t units = 0, last_end = i;
    bool digit = false;
    for (;;) {
      std::size_t j = i;
      while (j < n && (IsUnitChar(types[j]) || (j > i && ExtendsCluster(text[j])))) digit |= IsDigit(types[j++]);
      ++units;
      last_end = j;
      std::size_t k = j;
      if (k < n && IsSpaceJoiner(text[k])) {
        ++k;
      } else {
        while (k < n && k - j < 2 && IsPunctJoiner(types[k])) ++k;
      }
      if (k == j || k >= n || !IsUnitChar(types[k])) break;
      i = k;
    }
    if (units >= 2 && digit) spans.emplace_back(static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last_end));
    i = last_end;
  }
  return spans;
}

BidiAnalysis Analyze(std::u32string_view p, bool rtl) {
  BidiAnalysis a;
  a.rtl = rtl;
  a.base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  const std::size_t n = p.size();

  std::vector<FriBidiCharType> original(n);
  fribidi_get_bidi_types(reinterpret_cast<const FriBidiChar*>(p.data()), static_cast<FriBidiStrIndex>(n),
                         original.data());
  const auto spans = FindNumberSequences(p, original);

  a.shaped.reserve(n + 2 * spans.size());
  a.to_logical.reserve(n + 2 * spans.size());
  a.first_working.resize(n + 1);
  a.working.resize(n);
  std::size_t next_span = 0;
  for (std::size_t i = 0; i <= n; ++i) {
    a.first_working[i] = static_cast<std::uint32_t>(a.shaped.size());
    // A PDI closing a span that ends here, then an LRI opening one that starts here.
    if (next_span > 0 && spans[next_span - 1].second == i) {
      a.shaped.push_back(FRIBIDI_CHAR_PDI);
      a.to_logical.push_back(-1);
    }
    if (next_span < spans.size() && spans[next_span].first == i) {
      a.shaped.push_back(FRIBIDI_CHAR_LRI);
      a.to_logical.push_back(-1);
      ++next_span;
    }
    if (i == n) break;
    a.working[i] = static_cast<std::uint32_t>(a.shaped.size());
    a.shaped.push_back(static_cast<FriBidiChar>(p[i]));
    a.to_logical.push_back(static_cast<std::int32_t>(i));
  }

  const auto len = static_cast<FriBidiStrIndex>(a.shaped.size());
  a.types.resize(a.shaped.size());
  a.levels.assign(a.shaped.size(), rtl ? 1 : 0);
  a.arabic.resize(a.shaped.size());
  std::vector<FriBidiBracketType> brackets(a.shaped.size());
  fribidi_get_bidi_types(a.shaped.data(), len, a.types.data());
  fribidi_get_bracket_types(a.shaped.data(), len, a.types.data(), brackets.data());
  FriBidiParType base = a.base;
  if (fribidi_get_par_embedding_levels_ex(a.types.data(), brackets.data(), len, &base, a.levels.data()) == 0) {
    // Only on allocation failure: keep every character at the base level (drawn unreordered,
    // but drawn).
    a.levels.assign(a.shaped.size(), rtl ? 1 : 0);
  }
  fribidi_get_joining_types(a.shaped.data(), len, a.arabic.data());
  fribidi_join_arabic(a.types.data(), len, a.levels.data(), a.arabic.data());
  fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAGS_ARABIC, a.levels.data(), len, a.arabic.data(),
                a.shaped.data());
  return a;
}

}  // namespace staccs::gui::text::detail
