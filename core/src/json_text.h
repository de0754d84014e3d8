// JSON text that cannot throw. nlohmann's dump() throws type_error 316 on a string that is not
// UTF-8, and the text in a kit comes from people and from outside (answers, file names, the
// content of bundles): one such string must never stop a save or a collection. Here malformed
// bytes come out as U+FFFD; the parsers that let outside text in check it is clean UTF-8
// first, so this is a floor under them, not a way to accept bad input.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "staccs/base/bytes.h"

namespace staccs::core {

inline std::string DumpJson(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline Bytes DumpJsonBytes(const nlohmann::json& j) {
  const std::string s = DumpJson(j);
  return Bytes(s.begin(), s.end());
}

}  // namespace staccs::core
