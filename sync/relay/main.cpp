// staccs-relay: the store-and-forward relay (SPEC §5): stores bundles for the campaigns it
// serves and receipts them (tus uploads), serves pulls and the received-log, and forwards to
// its upstream relays.
//
//   staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--upstream URL]...
//                [--config FILE] [--forward-every S] [--print-key] [--log-client-addresses]
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "relay_config.h"
#include "relay_http_server.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_forwarder.h"

using namespace staccs;

namespace {

int Usage(const std::string& why) {
  if (!why.empty()) std::cerr << "staccs-relay: " << why << "\n";
  std::cerr << "usage: staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--upstream URL]...\n"
               "                    [--config FILE] [--forward-every S] [--print-key] [--log-client-addresses]\n"
               "  --data DIR        where bundles, the index and the receipt key live (default ./staccs-relay-data)\n"
               "  --listen H:P      address to serve on (default 127.0.0.1:8477)\n"
               "  --campaign FILE   a campaign file to serve (repeat for more); bundles for others are refused\n"
               "  --upstream URL    a relay to forward bundles to (repeat for more); its received-log comes back\n"
               "  --config FILE     settings file: quotas, retention, connection limits (see\n"
               "                    /usr/share/doc/staccs/staccs-relay.conf); later flags override it\n"
               "  --forward-every S seconds between forwarding passes (default 30)\n"
               "  --print-key       print the relay's receipt key (made on first use) and exit\n"
               "  --tls-cert F --tls-key F  not served by the relay itself: put nginx in front (docs/RELAY_API.md)\n";
  return why.empty() ? 0 : 1;
}

// Every held connection is a descriptor: lift the soft limit to the hard one.
void RaiseOpenFileLimit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  sync::RelayConfig config;
  bool print_key = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return Usage("");
    if (a == "--version") {
      std::cout << "staccs-relay 0.1.0\n";
      return 0;
    }
    if (a == "--print-key") { print_key = true; continue; }
    if (a == "--log-client-addresses") { config.log_client_addresses = true; continue; }
    if (i + 1 >= argc) return Usage(a + " needs a value");
    const std::string v = argv[++i];
    if (a == "--config") {
      auto text = platform::ReadFile(v, 1 << 20);
      auto st = text ? sync::ApplyRelayConfig(AsChars(*text), config) : Status(std::move(text).error());
      if (!st) {
        std::cerr << "staccs-relay: " << v << ": " << st.error().message << "\n";
        return 1;
      }
      continue;
    }
    // Flags are the config file's keys, spelled as options.
    static const std::pair<const char*, const char*> kFlags[] = {
        {"--data", "data"}, {"--listen", "listen"}, {"--campaign", "campaign"}, {"--upstream", "upstream"},
        {"--forward-every", "forward_every"}, {"--tls-cert", "tls_cert"}, {"--tls-key", "tls_key"}};
    const auto* flag = std::find_if(std::begin(kFlags), std::end(kFlags), [&](const auto& f) { return a == f.first; });
    if (flag == std::end(kFlags)) return Usage("unknown option " + a);
    if (auto st = sync::ApplyRelaySetting(flag->second, v, config); !st) return Usage(a + ": " + st.error().message);
  }
  if (!config.tls_cert.empty() || !config.tls_key.empty())
    return Usage("this relay serves plain HTTP; for TLS put nginx in front of it (docs/RELAY_API.md, "
                 "packaging/relay/nginx-staccs-relay.conf)");
  const std::string& data = config.data;
  const std::string& listen = config.listen;
  const auto& upstreams = config.upstreams;

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
  for (const auto& f : config.campaign_files) {
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

  RaiseOpenFileLimit();
  auto service = sync::RelayService::Open(data, std::move(campaigns), config.limits);
  if (!service) {
    std::cerr << "staccs-relay: " << service.error().message << "\n";
    return 4;
  }
  for (const auto& note : (*service)->store().startup_notes()) std::cerr << "staccs-relay: " << note << "\n";
  sync::RelayHttpOptions options;
  options.log_client_addresses = config.log_client_addresses;
  options.gate = config.gate;
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
  // Forwarding and expiry run beside the server, one pass every --forward-every seconds.
  std::thread forwarder([&] {
    std::unique_lock lock(stop_mutex);
    while (!stopping) {
      lock.unlock();
      auto expired = (*service)->store().ExpireOld(platform::UnixTimeNow());
      if (!expired) std::cerr << "staccs-relay: expiring old bundles: " << expired.error().message << "\n";
      else if (*expired > 0) std::cerr << "staccs-relay: dropped " << *expired << " bundles past the retention period\n";
      auto compacted = (*service)->store().Compact(config.limits.compact_dead_bytes);
      if (!compacted) std::cerr << "staccs-relay: compacting the segment log: " << compacted.error().message << "\n";
      else if (compacted->bytes_after < compacted->bytes_before)
        std::cerr << "staccs-relay: segment log compacted from " << compacted->bytes_before << " to "
                  << compacted->bytes_after << " bytes\n";
      for (const auto& up : upstreams) {
        auto pass = sync::ForwardToUpstream((*service)->store(), up);
        if (!pass) std::cerr << "staccs-relay: forwarding to " << up << ": " << pass.error().message << "\n";
        else if (pass->uploaded) std::cerr << "staccs-relay: forwarded " << pass->uploaded << " bundles to " << up << "\n";
      }
      lock.lock();
      stop_cv.wait_for(lock, std::chrono::seconds(config.forward_every_seconds), [&] { return stopping; });
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
