// socket_ops.h on Windows: Winsock 2 and WSAPoll.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <string>

#include "socket_ops.h"

namespace staccs::sync {

namespace {

// cpp-httplib starts Winsock for its own sockets; the waker's may be made first. Startup is
// counted by Windows, so a second one is harmless.
void EnsureWinsock() {
  static const bool started = [] {
    WSADATA data;
    return ::WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  (void)started;
}

std::string ErrorText(int code) {
  char text[512] = {};
  const DWORD n = ::FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                   static_cast<DWORD>(code), 0, text, sizeof text, nullptr);
  std::string s(text, n);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '.')) s.pop_back();
  return s.empty() ? "Winsock error " + std::to_string(code) : s + " (Winsock error " + std::to_string(code) + ")";
}

void Address(const sockaddr_storage& ss, std::string& address, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    port = ntohs(in.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    port = ntohs(in6.sin6_port);
  }
  address = text;
}

std::int64_t Outcome(int n) {
  if (n != SOCKET_ERROR) return n;
  const int e = ::WSAGetLastError();
  return e == WSAEWOULDBLOCK || e == WSAEINTR ? kIoWouldBlock : kIoFailed;
}

int Clamp(std::size_t size) { return static_cast<int>(size > (1u << 30) ? (1u << 30) : size); }

void MakeNonBlocking(SOCKET s) {
  u_long on = 1;
  ::ioctlsocket(s, FIONBIO, &on);
}

}  // namespace

void PrepareAccepted(SocketFd fd) {
  MakeNonBlocking(fd);
  const BOOL one = TRUE;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
}

void PrepareListening(SocketFd fd) {
  // Winsock's SO_REUSEADDR would let any process bind the port and take connections; the
  // exclusive flag refuses that, and a restarted relay still binds past TIME_WAIT.
  const BOOL yes = TRUE;
  ::setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof yes);
}

void RaiseBacklog(SocketFd, int) {
  // A second listen() on a listening Winsock socket succeeds and keeps the first backlog.
}

std::int64_t ReceiveNow(SocketFd fd, char* buffer, std::size_t size) {
  return Outcome(::recv(fd, buffer, Clamp(size), 0));
}

std::int64_t SendNow(SocketFd fd, const char* data, std::size_t size) {
  return Outcome(::send(fd, data, Clamp(size), 0));
}

void ShutdownBoth(SocketFd fd) { ::shutdown(fd, SD_BOTH); }

void CloseSocket(SocketFd fd) { ::closesocket(fd); }

void SocketAddresses(SocketFd fd, std::string& peer, int& peer_port, std::string& local, int& local_port) {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, peer, peer_port);
  ss = {};
  len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, local, local_port);
}

bool WaitSockets(std::vector<SocketWait>& sockets, int timeout_ms) {
  thread_local std::vector<WSAPOLLFD> fds;
  fds.clear();
  for (const auto& s : sockets) fds.push_back(WSAPOLLFD{s.fd, static_cast<SHORT>(s.want_write ? POLLWRNORM : POLLRDNORM), 0});
  const int n = ::WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), timeout_ms < 0 ? -1 : timeout_ms);
  for (std::size_t i = 0; i < sockets.size(); ++i) sockets[i].ready = n > 0 && fds[i].revents != 0;
  return n != SOCKET_ERROR;
}

std::string WhyCannotListen(const std::string& host, int port) {
  EnsureWinsock();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) return ErrorText(rc);
  std::string why = "unknown reason";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const SOCKET s = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (s == INVALID_SOCKET) {
      why = ErrorText(::WSAGetLastError());
      continue;
    }
    PrepareListening(s);
    if (::bind(s, a->ai_addr, static_cast<int>(a->ai_addrlen)) != 0 || ::listen(s, 1) != 0)
      why = ErrorText(::WSAGetLastError());
    ::closesocket(s);
  }
  ::freeaddrinfo(found);
  return why;
}

SocketWaker::SocketWaker() {
  // Winsock has no pipe that WSAPoll watches: a connected pair of loopback sockets instead.
  EnsureWinsock();
  const SOCKET listener = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (listener == INVALID_SOCKET) return;
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int len = sizeof at;
  const BOOL yes = TRUE;
  ::setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof yes);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0 && ::listen(listener, 1) == 0 &&
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&at), &len) == 0) {
    const SOCKET writer = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (writer != INVALID_SOCKET && ::connect(writer, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0) {
      const SOCKET reader = ::accept(listener, nullptr, nullptr);
      if (reader != INVALID_SOCKET) {
        MakeNonBlocking(reader);
        MakeNonBlocking(writer);
        const BOOL one = TRUE;
        ::setsockopt(writer, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
        read_end_ = reader;
        write_end_ = writer;
      } else {
        ::closesocket(writer);
      }
    } else if (writer != INVALID_SOCKET) {
      ::closesocket(writer);
    }
  }
  ::closesocket(listener);
}

SocketWaker::~SocketWaker() {
  if (read_end_ != kNoSocket) ::closesocket(read_end_);
  if (write_end_ != kNoSocket) ::closesocket(write_end_);
}

void SocketWaker::Wake() {
  const char byte = 1;
  ::send(write_end_, &byte, 1, 0);  // a full buffer already means "wake up"
}

void SocketWaker::Drain() {
  char drain[256];
  while (::recv(read_end_, drain, sizeof drain, 0) > 0) {
  }
}

}  // namespace staccs::sync
