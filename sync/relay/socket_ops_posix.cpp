// socket_ops.h on Linux and the other POSIX systems: BSD sockets and poll().
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "socket_ops.h"

namespace staccs::sync {

namespace {

void Address(const sockaddr_storage& ss, std::string& address, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    port = ntohs(in.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    port = ntohs(in6.sin6_port);
  }
  address = text;
}

std::int64_t Outcome(ssize_t n) {
  if (n >= 0) return n;
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? kIoWouldBlock : kIoFailed;
}

}  // namespace

void PrepareAccepted(SocketFd fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void PrepareListening(SocketFd fd) {
  // SO_REUSEADDR lets a restarted relay bind while old connections linger in TIME_WAIT;
  // cpp-httplib's default SO_REUSEPORT would also let another process bind the same port.
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

void RaiseBacklog(SocketFd fd, int backlog) {
  // Linux (and the BSDs) take a second listen() on a listening socket as a new backlog.
  ::listen(fd, backlog);
}

std::int64_t ReceiveNow(SocketFd fd, char* buffer, std::size_t size) {
  return Outcome(::recv(fd, buffer, size, MSG_DONTWAIT));
}

std::int64_t SendNow(SocketFd fd, const char* data, std::size_t size) {
  return Outcome(::send(fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL));
}

void ShutdownBoth(SocketFd fd) { ::shutdown(fd, SHUT_RDWR); }

void CloseSocket(SocketFd fd) { ::close(fd); }

void SocketAddresses(SocketFd fd, std::string& peer, int& peer_port, std::string& local, int& local_port) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, peer, peer_port);
  ss = {};
  len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, local, local_port);
}

bool WaitSockets(std::vector<SocketWait>& sockets, int timeout_ms) {
  thread_local std::vector<pollfd> fds;
  fds.clear();
  for (const auto& s : sockets) fds.push_back(pollfd{s.fd, static_cast<short>(s.want_write ? POLLOUT : POLLIN), 0});
  const int n = ::poll(fds.data(), fds.size(), timeout_ms < 0 ? -1 : timeout_ms);
  for (std::size_t i = 0; i < sockets.size(); ++i) sockets[i].ready = n > 0 && fds[i].revents != 0;
  return n >= 0 || errno == EINTR;
}

std::string WhyCannotListen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) return ::gai_strerror(rc);
  std::string why = "unknown reason";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    PrepareListening(fd);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 1) != 0) why = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return why;
}

SocketWaker::SocketWaker() {
  int ends[2];
  if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) == 0) {
    read_end_ = ends[0];
    write_end_ = ends[1];
  }
}

SocketWaker::~SocketWaker() {
  if (read_end_ != kNoSocket) ::close(read_end_);
  if (write_end_ != kNoSocket) ::close(write_end_);
}

void SocketWaker::Wake() {
  const char byte = 1;
  (void)!::write(write_end_, &byte, 1);  // a full pipe already means "wake up"
}

void SocketWaker::Drain() {
  char drain[256];
  while (::read(read_end_, drain, sizeof drain) > 0) {
  }
}

}  // namespace staccs::sync
