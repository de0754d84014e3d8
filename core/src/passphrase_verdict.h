// The verdict both passphrase estimators give (zxcvbn on Linux, the builtin one on Windows):
// weak below kMinPassphraseBits, with one line of advice naming what made it weak.
#pragma once

#include <cmath>
#include <string>

#include "staccs/core/passphrase_strength.h"

namespace staccs::core {

// `why`: what the estimator found, as a clause (", and it is built on common words"), or "".
inline PassphraseStrength PassphraseVerdict(double bits, const std::string& why) {
  PassphraseStrength s;
  s.bits = bits;
  s.weak = !(bits >= kMinPassphraseBits);
  if (s.weak)
    s.advice = "this passphrase is easy to guess (about " + std::to_string(static_cast<int>(std::floor(bits))) +
               " bits; at least " + std::to_string(static_cast<int>(kMinPassphraseBits)) + " are needed" + why +
               "): use four or more unrelated words, or a longer sentence only you would make up";
  return s;
}

}  // namespace staccs::core
