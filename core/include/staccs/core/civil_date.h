// Calendar dates in UTC without the C library's time zone machinery (timegm and gmtime_r
// are POSIX-only): campaign deadlines and dates shown to people.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace staccs::core {

// "YYYY-MM-DD" to the Unix time of 23:59:59 UTC that day (a deadline lasts the whole day).
std::optional<std::int64_t> ParseDeadlineDate(std::string_view yyyy_mm_dd);
// Unix time to "YYYY-MM-DD" (UTC).
std::string FormatUtcDate(std::int64_t unix_time);

// A Unix time's UTC calendar fields (for HTTP dates and log lines).
struct UtcFields {
  std::int64_t year = 1970;
  unsigned month = 1, day = 1;          // 1-12, 1-31
  unsigned hour = 0, minute = 0, second = 0;
  unsigned weekday = 4;                 // 0 = Sunday (1970-01-01 was a Thursday)
};
UtcFields BreakDownUtc(std::int64_t unix_time);

}  // namespace staccs::core
