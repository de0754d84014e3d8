#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace staccs::test {

namespace {

sockaddr_in Loopback(int port, std::uint8_t host = 1) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(0x7f000000u | host);
  return addr;
}

}  // namespace

int ListenOnLoopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(addr.sin_port);
  return fd;
}

int ConnectToLoopback(int port, std::uint8_t source_host) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from = Loopback(0, source_host), to = Loopback(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

LoopbackProxy::LoopbackProxy(int target_port) : target_port_(target_port) { listen_fd_ = ListenOnLoopback(port_); }

LoopbackProxy::~LoopbackProxy() { Stop(); }

void LoopbackProxy::Start() {
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

void LoopbackProxy::Stop() {
  if (stopping_.exchange(true)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  ::close(listen_fd_);
  std::lock_guard lock(threads_mutex_);
  for (auto& t : threads_) t.join();
}

void LoopbackProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    ++connections_;
    std::lock_guard lock(threads_mutex_);
    threads_.emplace_back([this, client] {
      const int server = ConnectToLoopback(target_port_);
      if (server >= 0) {
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Carry(client, server);
        ::close(server);
      }
      ::close(client);
    });
  }
}

}  // namespace staccs::test
