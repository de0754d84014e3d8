#include "staccs/core/passphrase_strength.h"

#include <zxcvbn.h>

#include <cmath>

namespace staccs::core {

PassphraseStrength EstimatePassphrase(const crypto::Passphrase& passphrase, const std::vector<std::string>& user_words) {
  // zxcvbn takes a C string: a wiped copy with its terminating NUL.
  crypto::SecretBytes text(passphrase.size() + 1);
  for (std::size_t i = 0; i < passphrase.size(); ++i) text.data()[i] = passphrase.data()[i];
  std::vector<const char*> dict;
  for (const auto& w : user_words)
    if (!w.empty()) dict.push_back(w.c_str());
  dict.push_back(nullptr);
  ZxcMatch_t* info = nullptr;
  PassphraseStrength s;
  s.bits = ZxcvbnMatch(reinterpret_cast<const char*>(text.data()), dict.data(), &info);
  bool common = false;
  for (ZxcMatch_t* m = info; m; m = m->Next) {
    const int type = static_cast<int>(m->Type) & ~static_cast<int>(MULTIPLE_MATCH);
    if (type == DICTIONARY_MATCH || type == DICT_LEET_MATCH || type == USER_MATCH || type == USER_LEET_MATCH)
      common = true;
  }
  ZxcvbnFreeInfo(info);
  s.weak = !(s.bits >= kMinPassphraseBits);
  if (s.weak)
    s.advice = "this passphrase is easy to guess (about " + std::to_string(static_cast<int>(std::floor(s.bits))) +
               " bits; at least " + std::to_string(static_cast<int>(kMinPassphraseBits)) + " are needed" +
               (common ? ", and it is built on common words or names" : "") +
               "): use four or more unrelated words, or a longer sentence only you would make up";
  return s;
}

}  // namespace staccs::core
