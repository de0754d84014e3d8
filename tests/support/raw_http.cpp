#include "raw_http.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "loopback.h"

namespace staccs::test {

namespace {

using Clock = std::chrono::steady_clock;

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<std::string> RawAnswer::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (SameName(k, name)) out.push_back(v);
  return out;
}

std::string RawAnswer::Get(std::string_view name) const {
  auto all = All(name);
  return all.empty() ? std::string() : all.front();
}

RawConnection::RawConnection(int port) : fd_(ConnectToLoopback(port)) {}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

RawAnswer RawConnection::Read(std::chrono::milliseconds wait) {
  RawAnswer a;
  const auto until = Clock::now() + wait;
  auto fill = [&]() {
    char buf[65536];
    while (Clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return false;
      buffered_.append(buf, static_cast<std::size_t>(n));
      return true;
    }
    return false;
  };
  std::size_t end;
  while ((end = buffered_.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return a;
  const std::string head = buffered_.substr(0, end);
  buffered_.erase(0, end + 4);
  std::size_t pos = head.find("\r\n");
  a.status_line = head.substr(0, pos);
  if (a.status_line.size() >= 12) a.status = std::atoi(a.status_line.substr(9, 3).c_str());
  while (pos != std::string::npos) {
    const std::size_t next = head.find("\r\n", pos + 2);
    const std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      a.headers.emplace_back(line.substr(0, colon), value);
    }
    pos = next;
  }
  if (a.status >= 200) {
    const std::size_t length = static_cast<std::size_t>(std::atoll(a.Get("Content-Length").c_str()));
    while (buffered_.size() < length)
      if (!fill()) break;
    a.body = buffered_.substr(0, length);
    buffered_.erase(0, std::min(length, buffered_.size()));
  }
  return a;
}

bool RawConnection::ClosedWithin(std::chrono::milliseconds wait) {
  const auto until = Clock::now() + wait;
  char buf[4096];
  while (Clock::now() < until) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    if (::recv(fd_, buf, sizeof buf, 0) <= 0) return true;
  }
  return false;
}

RawAnswer RawExchange(int port, std::string_view request, std::chrono::milliseconds wait) {
  RawConnection c(port);
  if (!c.ok() || !c.Send(request)) return {};
  return c.Read(wait);
}

}  // namespace staccs::test
