// HTTP spoken byte for byte, for tests of how the relay frames and answers requests a
// library would never send: one connection, bytes out as given, answers read and parsed.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace staccs::test {

struct RawAnswer {
  int status = 0;              // 0: no answer (closed or timed out)
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as sent
  std::string body;            // Content-Length bytes of it
  // Values of every header named `name` (any case).
  std::vector<std::string> All(std::string_view name) const;
  std::string Get(std::string_view name) const;  // the first, or ""
};

class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(std::string_view bytes);
  // Reads one answer (head, then Content-Length bytes of body); interim 1xx answers count as
  // answers. status 0 if nothing complete came within `wait`.
  RawAnswer Read(std::chrono::milliseconds wait = std::chrono::milliseconds(3000));
  // True once the peer has closed within `wait`.
  bool ClosedWithin(std::chrono::milliseconds wait);

 private:
  int fd_ = -1;
  std::string buffered_;
};

// Sends `request` on a fresh connection and reads one answer.
RawAnswer RawExchange(int port, std::string_view request, std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

}  // namespace staccs::test
