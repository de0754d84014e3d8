// staccs-relay: the store-and-forward relay (SPEC §5): stores bundles for the campaigns it
// serves and receipts them (tus uploads), serves pulls and the received-log, and forwards to
// its upstream relays.
//
//   staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--upstream URL]...
//                [--forward-every S] [--print-key] [--log-client-addresses]
#include <signal.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "relay_http_server.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_forwarder.h"

using namespace staccs;

namespace {

int Usage(const std::string& why) {
  if (!why.empty()) std::cerr << "staccs-relay: " << why << "\n";
  std::cerr << "usage: staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--print-key]\n"
               "                    [--log-client-addresses]\n"
               "  --data DIR        where bundles, the index and the receipt key live (default ./staccs-relay-data)\n"
               "  --listen H:P      address to serve on (default 127.0.0.1:8477)\n"
               "  --campaign FILE   a campaign file to serve (repeat for more); bundles for others are refused\n"
               "  --upstream URL    a relay to forward bundles to (repeat for more); its received-log comes back\n"
               "  --forward-every S seconds between forwarding passes (default 30)\n"
               "  --print-key       print the relay's receipt key (made on first use) and exit\n";
  return why.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "staccs-relay-data", listen = "127.0.0.1:8477";
  std::vector<std::string> campaign_files, upstreams;
  int forward_every = 30;
  bool print_key = false, log_addresses = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--help" || a == "-h") return Usage("");
    if (a == "--version") {
      std::cout << "staccs-relay 0.1.0\n";
      return 0;
    }
    if (a == "--print-key") { print_key = true; continue; }
    if (a == "--log-client-addresses") { log_addresses = true; continue; }
    const char* v = value();
    if (v == nullptr) return Usage(a + " needs a value");
    if (a == "--data") data = v;
    else if (a == "--listen") listen = v;
    else if (a == "--campaign") campaign_files.emplace_back(v);
    else if (a == "--upstream") upstreams.emplace_back(v);
    else if (a == "--forward-every") forward_every = std::max(1, std::atoi(v));
    else if (a == "--config" || a == "--tls-cert" || a == "--tls-key")
      return Usage(a + " is not supported by this version yet (for TLS, put nginx in front)");
    else return Usage("unknown option " + a);
  }

  if (print_key) {
    auto key = sync::RelayStore::LoadOrCreateKey(data);
    if (!key) {
      std::cerr << "staccs-relay: " << key.error().message << "\n";
      return 4;
    }
    std::cout << ToHex(*key) << "\n";
    return 0;
  }
  std::vector<core::Campaign> campaigns;
  for (const auto& f : campaign_files) {
    auto bytes = platform::ReadFile(f, core::kCampaignFileMaxSize + 1);
    auto c = bytes ? core::ParseCampaignFile(*bytes) : Result<core::Campaign>(std::move(bytes).error());
    if (!c) {
      std::cerr << "staccs-relay: " << f << ": " << c.error().message << "\n";
      return 2;
    }
    campaigns.push_back(std::move(c).value());
  }
  if (campaigns.empty()) std::cerr << "staccs-relay: no --campaign given: every upload will be refused\n";
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Usage("--listen takes HOST:PORT");
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    return Usage("--listen takes HOST:PORT");
  }

  auto service = sync::RelayService::Open(data, std::move(campaigns));
  if (!service) {
    std::cerr << "staccs-relay: " << service.error().message << "\n";
    return 4;
  }
  sync::RelayHttpOptions options;
  options.log_client_addresses = log_addresses;
  sync::RelayHttpServer server(**service, options);
  auto bound = server.Bind(listen.substr(0, colon), port);
  if (!bound) {
    std::cerr << "staccs-relay: " << bound.error().message << "\n";
    return 4;
  }
  // SIGINT and SIGTERM stop the server cleanly: pending commits finish, receipts are kept.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stopping = false;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    {
      std::lock_guard lock(stop_mutex);
      stopping = true;
    }
    stop_cv.notify_all();
    server.Stop();
  });
  // Forwarding runs beside the server, one pass every --forward-every seconds.
  std::thread forwarder([&] {
    if (upstreams.empty()) return;
    std::unique_lock lock(stop_mutex);
    while (!stopping) {
      lock.unlock();
      for (const auto& up : upstreams) {
        auto pass = sync::ForwardToUpstream((*service)->store(), up);
        if (!pass) std::cerr << "staccs-relay: forwarding to " << up << ": " << pass.error().message << "\n";
        else if (pass->uploaded) std::cerr << "staccs-relay: forwarded " << pass->uploaded << " bundles to " << up << "\n";
      }
      lock.lock();
      stop_cv.wait_for(lock, std::chrono::seconds(forward_every), [&] { return stopping; });
    }
  });
  std::cerr << "staccs-relay: serving " << listen.substr(0, colon) << ":" << *bound << " from " << data
            << " (receipt key " << ToHex((*service)->receipt_key()) << ")\n";
  server.Serve();
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  forwarder.join();
  return 0;
}
