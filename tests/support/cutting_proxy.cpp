#include "cutting_proxy.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace staccs::test {

CuttingProxy::CuttingProxy(int target_port, std::uint64_t cut_after) : LoopbackProxy(target_port), cut_after_(cut_after) {
  Start();
}

CuttingProxy::~CuttingProxy() { Stop(); }

void CuttingProxy::Carry(int client, int server) {
  std::uint64_t budget = cut_after_;
  char buf[4096];
  pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  while (!stopping_ && budget > 0) {
    if (::poll(fds, 2, 100) <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2 && !closed && budget > 0; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, std::min<std::uint64_t>(sizeof buf, budget));
      if (n <= 0) {
        closed = true;
        break;
      }
      const int to = i == 0 ? server : client;
      ssize_t done = 0;
      while (done < n) {
        ssize_t w = ::write(to, buf + done, static_cast<std::size_t>(n - done));
        if (w <= 0) { closed = true; break; }
        done += w;
      }
      bytes_ += static_cast<std::uint64_t>(done);
      budget -= static_cast<std::uint64_t>(done);
    }
    if (closed) break;
  }
  // The cut: both sides see the connection drop, mid-request or mid-answer.
  ::shutdown(client, SHUT_RDWR);
  ::shutdown(server, SHUT_RDWR);
}

}  // namespace staccs::test
