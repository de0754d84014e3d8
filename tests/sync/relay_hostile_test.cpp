// SPEC §3.8 and §6 "hostile load": clients that trickle headers, idle on keep-alive, say
// nothing, announce huge bodies or stream chunked ones must not stall anyone else, and what
// the relay refuses it refuses before reading the body.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "flow_fixture.h"
#include "loopback.h"
#include "relay_fixture.h"
#include "staccs/sync/http_client.h"

using namespace staccs;
using namespace staccs::core;
using staccs::test::RunningRelay;
using Clock = std::chrono::steady_clock;

namespace {

int Connect(int port, std::uint8_t source_host = 1) { return test::ConnectToLoopback(port, source_host); }

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads until the header block of an answer is in, the peer closes, or `wait` passes.
std::string ReadAnswer(int fd, std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) {
  std::string out;
  const auto until = Clock::now() + wait;
  char buf[4096];
  while (out.find("\r\n\r\n") == std::string::npos && Clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// True once the peer has closed (reads end or fail) within `wait`.
bool ClosedWithin(int fd, std::chrono::milliseconds wait) {
  const auto until = Clock::now() + wait;
  char buf[4096];
  while (Clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    if (::recv(fd, buf, sizeof buf, 0) <= 0) return true;
  }
  return false;
}

std::uint64_t Metric(RunningRelay& relay, const std::string& name) {
  sync::HttpClient http;
  auto res = http.Request("GET", test::LoopbackUrl(relay.port) + "/metrics", {});
  REQUIRE(res.ok());
  const auto at = res->body.find("\n" + name + " ");
  REQUIRE(at != std::string::npos);
  return std::stoull(res->body.substr(at + name.size() + 2));
}

// The three kinds of hostile client of SPEC §6, from ten source addresses so the per-address
// cap (64 by default) admits them all: they must be held, not merely refused.
class HostileCrowd {
 public:
  HostileCrowd(int port) : port_(port) {
    for (int i = 0; i < 200; ++i) trickling_.push_back(Slot{-1, 0});
    for (int i = 0; i < 200; ++i) idle_.push_back(Slot{-1, 0});
    for (int i = 0; i < 50; ++i) silent_.push_back(Slot{-1, 0});
    Refill();
    thread_ = std::thread([this] {
      while (!stop_) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        Tick();
      }
    });
  }
  ~HostileCrowd() {
    stop_ = true;
    thread_.join();
    for (auto* group : {&trickling_, &idle_, &silent_})
      for (auto& s : *group)
        if (s.fd >= 0) ::close(s.fd);
  }
  std::size_t reconnects() const { return reconnects_; }

 private:
  struct Slot {
    int fd;
    std::size_t sent;
  };
  static constexpr std::string_view kSlowHeader =
      "POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 100\r\n"
      "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";

  int Open(std::size_t i) { return Connect(port_, static_cast<std::uint8_t>(10 + i % 10)); }

  // (Re)connects every slot the relay has closed; a real attacker comes straight back.
  void Refill() {
    std::size_t i = 0;
    for (auto* group : {&trickling_, &idle_, &silent_}) {
      for (auto& s : *group) {
        ++i;
        if (s.fd >= 0) continue;
        s.fd = Open(i);
        s.sent = 0;
        if (group == &idle_ && s.fd >= 0) {
          SendAll(s.fd, "GET /v1/health HTTP/1.1\r\nHost: relay\r\n\r\n");
          (void)ReadAnswer(s.fd);
        }
      }
    }
  }

  void Tick() {
    for (auto* group : {&trickling_, &idle_, &silent_}) {
      for (auto& s : *group) {
        if (s.fd < 0) continue;
        pollfd p{s.fd, POLLIN, 0};
        char buf[512];
        bool closed = ::poll(&p, 1, 0) > 0 && ::recv(s.fd, buf, sizeof buf, MSG_DONTWAIT) <= 0;
        if (!closed && group == &trickling_)
          closed = ::send(s.fd, &kSlowHeader[s.sent++ % kSlowHeader.size()], 1, MSG_NOSIGNAL) != 1;
        if (closed) {
          ::close(s.fd);
          s.fd = -1;
          ++reconnects_;
        }
      }
    }
    Refill();
  }

  int port_;
  std::vector<Slot> trickling_, idle_, silent_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> reconnects_{0};
  std::thread thread_;
};

// Milliseconds each upload took, one bundle per request (tus creation-with-upload).
std::vector<double> UploadTimes(int port, const std::vector<Bytes>& bundles) {
  sync::HttpClient http;
  std::vector<double> ms;
  for (const auto& b : bundles) {
    const auto start = Clock::now();
    auto res = http.Request("POST", test::LoopbackUrl(port) + "/v1/uploads",
                            {"Tus-Resumable: 1.0.0", "Upload-Length: " + std::to_string(b.size()),
                             "Content-Type: application/offset+octet-stream"},
                            b);
    REQUIRE_MESSAGE(res.ok(), test::Why(res));
    REQUIRE(res->status == 201);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return ms;
}

double P95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() * 95 + 99) / 100 - 1];
}

void RaiseOpenFileLimit() {
  rlimit r{};
  ::getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = std::min<rlim_t>(r.rlim_max, 8192);
  ::setrlimit(RLIMIT_NOFILE, &r);
}

}  // namespace

TEST_CASE("hostile load: trickling, idle and silent clients do not slow a normal upload") {
  RaiseOpenFileLimit();
  test::Flow flow;
  Kit kit = flow.NewParticipant("steady");
  std::vector<Bytes> unloaded, loaded;
  for (int i = 0; i < 80; ++i) {
    auto e = flow.Submit(kit, "# q\nanswer number " + std::to_string(i) + "\n");
    (i % 2 == 0 ? unloaded : loaded).push_back(*BundleStore(kit).Read(e.bundle_id));
  }
  RunningRelay relay(flow.dir / "relay", {flow.campaign});

  const double quiet = P95(UploadTimes(relay.port, unloaded));
  HostileCrowd crowd(relay.port);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // trickles under way
  // The crowd is really held: 450 connections, none of them refused.
  CHECK(Metric(relay, "staccs_relay_connections_open") >= 440);
  CHECK(Metric(relay, "staccs_relay_connections_refused_total") == 0);
  const double busy = P95(UploadTimes(relay.port, loaded));
  MESSAGE("upload p95: " << quiet << " ms unloaded, " << busy << " ms under hostile load");
  CHECK(busy <= std::max(2 * quiet, quiet + 50));
}

TEST_CASE("hostile clients are dropped: silent and trickling ones at the header deadline, floods at the caps") {
  test::Flow flow;
  sync::GateLimits gate;
  gate.header_deadline = std::chrono::milliseconds(700);
  gate.max_connections_per_address = 4;
  gate.max_header_bytes = 2048;
  gate.grace = std::chrono::milliseconds(500);
  gate.min_bytes_per_second = 2000;
  RunningRelay relay(flow.dir / "relay", {flow.campaign}, {}, 0, gate);

  // Silent, and trickling a header a byte at a time: both closed once the deadline passes.
  const int silent = Connect(relay.port, 21), slow = Connect(relay.port, 22);
  REQUIRE(silent >= 0);
  REQUIRE(slow >= 0);
  SendAll(slow, "GET /v1/hea");
  CHECK(ClosedWithin(silent, std::chrono::milliseconds(3000)));
  CHECK(ClosedWithin(slow, std::chrono::milliseconds(3000)));
  CHECK(Metric(relay, "staccs_relay_header_timeouts_total") >= 2);

  // A header block over the cap gets 431 without waiting for its end.
  const int big = Connect(relay.port, 23);
  SendAll(big, "GET /v1/health HTTP/1.1\r\nX-Big: " + std::string(4096, 'a'));
  CHECK(ReadAnswer(big).rfind("HTTP/1.1 431", 0) == 0);
  ::close(big);

  // A fifth connection from one address is refused while four are held; others still served.
  std::vector<int> four;
  for (int i = 0; i < 4; ++i) four.push_back(Connect(relay.port, 24));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int fifth = Connect(relay.port, 24);
  CHECK(ReadAnswer(fifth).rfind("HTTP/1.1 429", 0) == 0);
  const int other = Connect(relay.port, 25);
  SendAll(other, "GET /v1/health HTTP/1.1\r\nHost: relay\r\n\r\n");
  CHECK(ReadAnswer(other).rfind("HTTP/1.1 200", 0) == 0);
  for (int fd : four) ::close(fd);
  ::close(fifth);
  ::close(other);

  // A body trickled below the minimum rate loses its worker after the grace period.
  const int trickle = Connect(relay.port, 26);
  SendAll(trickle, "POST /v1/lacks HTTP/1.1\r\nHost: relay\r\nContent-Length: 100000\r\n\r\n");
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) {
    cut = !SendAll(trickle, "a") || ClosedWithin(trickle, std::chrono::milliseconds(100));
  }
  CHECK(cut);
  ::close(trickle);
  ::close(silent);
  ::close(slow);
}

TEST_CASE("a 10 GB Content-Length gets 413 and an endless chunked body is cut off, each after < 64 KiB read") {
  test::Flow flow;
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  const std::string body_piece(64 * 1024, 'x');

  struct Case {
    std::string header, expect;
  };
  for (const Case& c :
       {Case{"POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 10000000000\r\n"
             "Content-Length: 10000000000\r\n\r\n",
             "HTTP/1.1 413"},
        Case{"POST /v1/lacks HTTP/1.1\r\nHost: relay\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 411"}}) {
    CAPTURE(c.expect);
    const std::uint64_t before = Metric(relay, "staccs_relay_read_bytes_total");
    const int fd = Connect(relay.port);
    REQUIRE(fd >= 0);
    REQUIRE(SendAll(fd, c.header));
    // Keep sending, as a client that ignores the answer would, until the relay hangs up.
    const std::string chunk = c.expect == "HTTP/1.1 411" ? "10000\r\n" + body_piece + "\r\n" : body_piece;
    std::size_t sent = 0;
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < until && sent < (256u << 20)) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN) break;  // reset: the relay closed the connection
      if (n > 0) sent += static_cast<std::size_t>(n);
    }
    CHECK(ReadAnswer(fd).rfind(c.expect, 0) == 0);
    ::close(fd);
    const std::uint64_t read = Metric(relay, "staccs_relay_read_bytes_total") - before;
    MESSAGE(c.expect << ": client pushed " << sent << " bytes, relay read " << read);
    CHECK(read < 64 * 1024);
  }
}

TEST_CASE("the per-address request rate limit refuses a burst beyond twice the rate, and others are served") {
  test::Flow flow;
  sync::GateLimits gate;
  gate.requests_per_second_per_address = 5;  // bursts of 10
  RunningRelay relay(flow.dir / "relay", {flow.campaign}, {}, 0, gate);
  auto health_from = [&](std::uint8_t host) {
    const int fd = Connect(relay.port, host);
    REQUIRE(fd >= 0);
    SendAll(fd, "GET /v1/health HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n");
    const std::string answer = ReadAnswer(fd);
    ::close(fd);
    return answer.substr(0, 12);
  };
  int ok = 0, limited = 0;
  for (int i = 0; i < 14; ++i) {
    const std::string status = health_from(31);
    ok += status == "HTTP/1.1 200";
    limited += status == "HTTP/1.1 429";
  }
  CHECK(ok >= 10);
  CHECK(limited >= 2);  // the bucket refills a little while the burst runs
  CHECK(ok + limited == 14);
  CHECK(health_from(32) == "HTTP/1.1 200");  // another address has its own bucket
  CHECK(Metric(relay, "staccs_relay_requests_rate_limited_total") == static_cast<std::uint64_t>(limited));
}

TEST_CASE("a second relay cannot bind a running relay's port and take a share of its clients") {
  test::Flow flow;
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  // cpp-httplib's default SO_REUSEPORT would let this bind succeed, and the kernel would then
  // hand some of the first relay's connections to the second.
  auto service = sync::RelayService::Open(flow.dir / "intruder", {flow.campaign});
  REQUIRE(service.ok());
  sync::RelayHttpServer intruder(**service);
  auto bound = intruder.Bind("127.0.0.1", relay.port);
  CHECK_FALSE(bound.ok());
}
