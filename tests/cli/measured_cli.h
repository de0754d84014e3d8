// staccs-cli run as a process under peak_rss, for the tests that bound a command's memory.
// Only cli_tests has STACCS_PEAK_RSS (tests/CMakeLists.txt).
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace staccs::test {

// Under AddressSanitizer freed memory sits in a quarantine and every byte has a shadow: peak
// memory says nothing about the program there. The release suite checks the bounds.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kMemoryIsMeasurable = false;
#else
inline constexpr bool kMemoryIsMeasurable = true;
#endif

// Its peak resident memory (the kernel's high-water mark, /proc/PID/status VmHWM) in KiB
// through `peak_kib`.
inline ProcessResult RunCliMeasured(const std::filesystem::path& home, const std::vector<std::string>& args,
                                    long& peak_kib) {
  std::vector<std::string> argv = {STACCS_PEAK_RSS, CliPath(), "--home", home.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv, {{"STACCS_PASSPHRASE", kTestPassphrase}});
  const auto at = r.err.rfind("peak_rss_kib ");
  REQUIRE(at != std::string::npos);
  peak_kib = std::stol(r.err.substr(at + 13));
  return r;
}

}  // namespace staccs::test
