// How hard a new passphrase is to guess, before a kit is made with it (init, key restore,
// passphrase change). The kit's store and keys are only as safe as the passphrase against an
// offline attack on a stolen laptop: Argon2id slows each guess, it cannot save "abc".
// Estimated with Debian's libzxcvbn (dictionaries of common passwords, names and words,
// keyboard patterns, dates, repeats and l33t), which judges far better than length rules.
#pragma once

#include <string>
#include <vector>

#include "staccs/crypto/secret.h"

namespace staccs::core {

// Below this many bits of estimated guessing entropy a passphrase is refused unless the
// person insists. 50 bits is about 10^15 guesses: at Argon2id's ~0.5 s per guess on one
// machine, tens of millions of years; four random common words get there, "abc" has ~7.
inline constexpr double kMinPassphraseBits = 50.0;

struct PassphraseStrength {
  double bits = 0;
  bool weak = true;
  std::string advice;  // one line: why it is weak and what to do; empty when it is not
};

// `user_words`: words an attacker would try first (the kit's name, the user's name).
PassphraseStrength EstimatePassphrase(const crypto::Passphrase& passphrase, const std::vector<std::string>& user_words);

}  // namespace staccs::core
