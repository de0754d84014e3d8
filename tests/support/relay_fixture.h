// A relay served on a loopback port in this process, for as long as the object lives.
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "relay_http_server.h"
#include "test_support.h"

namespace staccs::test {

struct RunningRelay {
  std::unique_ptr<sync::RelayService> service;
  std::unique_ptr<sync::RelayHttpServer> server;
  std::thread thread;
  int port = 0;
  std::vector<std::string> log;
  std::mutex log_mutex;

  RunningRelay(const fs::path& dir, std::vector<core::Campaign> campaigns, sync::RelayLimits limits = {},
               int fixed_port = 0, sync::GateLimits gate = {}) {
    auto s = sync::RelayService::Open(dir, std::move(campaigns), limits);
    REQUIRE_MESSAGE(s.ok(), test::Why(s));
    service = std::move(s).value();
    sync::RelayHttpOptions options;
    options.gate = gate;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex);
      log.push_back(line);
    };
    server = std::make_unique<sync::RelayHttpServer>(*service, options);
    auto bound = server->Bind("127.0.0.1", fixed_port);
    REQUIRE(bound.ok());
    port = *bound;
    thread = std::thread([this] { server->Serve(); });
  }
  ~RunningRelay() {
    if (server) server->Stop();
    if (thread.joinable()) thread.join();
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    return c;
  }
};


}  // namespace staccs::test
