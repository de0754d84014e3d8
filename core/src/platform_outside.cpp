// The platform-independent part of platform.h's outside files.
#include "staccs/core/platform.h"
#include "staccs/core/text.h"

namespace staccs::platform {

namespace {
// For messages: UTF-8 whatever the platform (path::string() converts to the ANSI code page on
// Windows and may throw), then escaped.
std::string Shown(const fs::path& p) {
  const std::u8string u = p.u8string();
  return core::PrintableText(std::string(reinterpret_cast<const char*>(u.data()), u.size()));
}
}  // namespace

Result<Bytes> OutsideFile::ReadAll(std::size_t max_size) {
  if (size() > max_size)
    return Error::BadInput(Shown(path_) + ": file is larger than " + std::to_string(max_size) +
                           " bytes")
        .With(ErrorCode::kTooLarge);
  Bytes out(static_cast<std::size_t>(size()));
  std::size_t done = 0;
  for (;;) {
    if (done == out.size()) out.resize(out.size() + 65536);  // a file that grew since its size was taken
    STACCS_ASSIGN(std::size_t n, Read(std::span<std::uint8_t>(out.data() + done, out.size() - done)));
    if (n == 0) break;
    done += n;
    if (done > max_size)
      return Error::BadInput(Shown(path_) + ": file is larger than " + std::to_string(max_size) +
                             " bytes")
          .With(ErrorCode::kTooLarge);
  }
  out.resize(done);
  return out;
}

}  // namespace staccs::platform
