// What every benchmark does when a step it measures fails: say which step and why, and stop.
// A benchmark has no caller to hand an error to, and a figure from a failed run is no figure.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "staccs/base/result.h"

namespace staccs::bench {

[[noreturn]] inline void Die(const std::string& why) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, why.c_str());
  std::exit(1);
}

template <class T>
T Must(Result<T> r, const char* what) {
  if (!r) Die(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}

inline void Must(Status s, const char* what) {
  if (!s) Die(std::string(what) + ": " + s.error().message);
}

}  // namespace staccs::bench
