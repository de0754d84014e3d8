// staccs-relay: the store-and-forward relay (SPEC §5): stores bundles for the campaigns it
// serves and receipts them (tus uploads), serves pulls and the received-log, and forwards to
// its upstream relays.
//
//   staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--campaigns DIR]
//                [--upstream URL]... [--config FILE] [--forward-every S] [--print-key]
//                [--log-client-addresses]
#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "relay_config.h"
#include "relay_http_server.h"
#include "relay_process.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_forwarder.h"

#ifndef STACCS_VERSION
#define STACCS_VERSION "0.0.0"
#endif
#ifndef STACCS_RELAY_DOC_DIR
#define STACCS_RELAY_DOC_DIR "/usr/local/share/doc/staccs"
#endif

using namespace staccs;
namespace fs = std::filesystem;

namespace {

int Usage(const std::string& why) {
  if (!why.empty()) std::cerr << "staccs-relay: " << why << "\n";
  (why.empty() ? std::cout : std::cerr)
      << "usage: staccs-relay [--data DIR] [--listen HOST:PORT] [--campaign FILE]... [--campaigns DIR]\n"
         "                    [--upstream URL]... [--config FILE] [--forward-every S] [--print-key]\n"
         "                    [--log-client-addresses]\n"
         "  --data DIR        where bundles, the index and the receipt key live (default ./staccs-relay-data)\n"
         "  --listen H:P      address to serve on (default 127.0.0.1:8477)\n"
         "  --campaign FILE   a campaign file to serve (repeat for more); bundles for others are refused\n"
         "  --campaigns DIR   serve every campaign file (*.stc) in DIR as well\n"
         "  --upstream URL    a relay to forward bundles to (repeat for more); its received-log comes back\n"
         "  --config FILE     settings file: quotas, retention, connection limits; every key is in\n"
         "                    " STACCS_RELAY_DOC_DIR "/staccs-relay.conf (in the source tree:\n"
         "                    packaging/relay/staccs-relay.conf); later flags override it\n"
         "  --forward-every S seconds between forwarding passes (default 30)\n"
         "  --print-key       print the relay's receipt key (made on first use) and exit\n"
         "  --tls-cert F --tls-key F  not served by the relay itself: put nginx in front (docs/RELAY_API.md)\n"
         "SIGTERM or SIGINT (Ctrl-C; on Windows also closing its console) stops it cleanly: the last\n"
         "commits finish, nothing receipted is lost.\n";
  return why.empty() ? 0 : 1;
}

// The campaigns to serve: each file named, then every *.stc in the campaigns folder (in name
// order). A named file that does not verify stops the relay (the operator asked for it); a
// bad file in the folder is skipped with its reason, so one stray file does not take every
// other campaign offline. Each comes with its bytes: the relay hands the latest sequence on.
struct LoadedCampaign {
  core::Campaign campaign;
  Bytes file;
};
Result<std::vector<LoadedCampaign>> LoadCampaigns(const sync::RelayConfig& config) {
  std::vector<LoadedCampaign> out;
  auto load = [](const fs::path& f) -> Result<LoadedCampaign> {
    STACCS_ASSIGN(Bytes bytes, platform::ReadFile(f, core::kCampaignFileMaxSize + 1));
    auto c = core::ParseCampaignFile(bytes);
    if (!c) return std::move(c).error().Within(f.string());
    return LoadedCampaign{std::move(c).value(), std::move(bytes)};
  };
  for (const auto& f : config.campaign_files) {
    STACCS_ASSIGN(LoadedCampaign c, load(platform::PathFromUtf8(f)));
    out.push_back(std::move(c));
  }
  if (!config.campaigns_dir.empty()) {
    std::error_code ec;
    std::vector<fs::path> files;
    fs::directory_iterator it(platform::PathFromUtf8(config.campaigns_dir), ec), end;
    if (ec) return Error::BadInput(config.campaigns_dir + ": cannot read the campaigns folder: " + ec.message());
    for (; it != end; it.increment(ec))
      if (it->path().extension() == ".stc") files.push_back(it->path());
    if (ec) return Error::BadInput(config.campaigns_dir + ": cannot read the campaigns folder: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto c = load(f);
      if (!c) {
        std::cerr << "staccs-relay: skipping " << c.error().message << "\n";
        continue;
      }
      out.push_back(std::move(c).value());
    }
  }
  return out;
}

// The same campaign named twice is served once (under any sequence: the keys are the same).
std::vector<core::Campaign> Unique(const std::vector<LoadedCampaign>& loaded) {
  std::vector<core::Campaign> unique;
  for (const auto& l : loaded)
    if (std::none_of(unique.begin(), unique.end(), [&](const core::Campaign& u) { return u.id == l.campaign.id; }))
      unique.push_back(l.campaign);
  return unique;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts: a stop request then reaches only the thread that waits for it,
  // and the relay stops cleanly instead of dying mid-commit.
  sync::CatchStopRequests();
  platform::UseUtf8Console();
  if (auto hardened = platform::HardenProcess(); !hardened) {
    std::cerr << "staccs-relay: " << hardened.error().message << "\n";
    return 4;
  }

  sync::RelayConfig config;
  bool print_key = false;
  const std::vector<std::string> words = platform::Utf8Arguments(argc, argv);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& a = words[i];
    if (a == "--help" || a == "-h") return Usage("");
    if (a == "--version") {
      std::cout << "staccs-relay " STACCS_VERSION "\n";
      return 0;
    }
    if (a == "--print-key") { print_key = true; continue; }
    if (a == "--log-client-addresses") { config.log_client_addresses = true; continue; }
    if (i + 1 >= words.size()) return Usage(a + " needs a value");
    const std::string& v = words[++i];
    if (a == "--config") {
      auto text = platform::ReadFile(platform::PathFromUtf8(v), 1 << 20);
      auto st = text ? sync::ApplyRelayConfig(AsChars(*text), config) : Status(std::move(text).error());
      if (!st) {
        std::cerr << "staccs-relay: " << v << ": " << st.error().message << "\n";
        return 1;
      }
      continue;
    }
    // Flags are the config file's keys, spelled as options.
    static const std::pair<const char*, const char*> kFlags[] = {
        {"--data", "data"},         {"--listen", "listen"},       {"--campaign", "campaign"},
        {"--campaigns", "campaigns"}, {"--upstream", "upstream"}, {"--forward-every", "forward_every"},
        {"--tls-cert", "tls_cert"}, {"--tls-key", "tls_key"}};
    const auto* flag = std::find_if(std::begin(kFlags), std::end(kFlags), [&](const auto& f) { return a == f.first; });
    if (flag == std::end(kFlags)) return Usage("unknown option " + a);
    if (auto st = sync::ApplyRelaySetting(flag->second, v, config); !st) return Usage(a + ": " + st.error().message);
  }
  if (!config.tls_cert.empty() || !config.tls_key.empty())
    return Usage("this relay serves plain HTTP; for TLS put nginx in front of it (docs/RELAY_API.md, "
                 "packaging/relay/nginx-staccs-relay.conf)");
  const std::string& data = config.data;
  const std::string& listen = config.listen;

  if (print_key) {
    auto key = sync::RelayStore::LoadOrCreateKey(platform::PathFromUtf8(data));
    if (!key) {
      std::cerr << "staccs-relay: " << key.error().message << "\n";
      return 4;
    }
    std::cout << ToHex(*key) << "\n";
    return 0;
  }
  const auto colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const char* b = listen.data() + colon + 1;
    const char* e = listen.data() + listen.size();
    auto [stop, ec] = std::from_chars(b, e, port);
    if (ec != std::errc() || stop != e || b == e) port = -1;
  }
  if (port < 0 || port > 65535) return Usage("--listen takes HOST:PORT, with a port from 0 to 65535");

  auto loaded = LoadCampaigns(config);
  if (!loaded) {
    std::cerr << "staccs-relay: " << loaded.error().message << "\n";
    return 2;
  }
  const std::vector<core::Campaign> campaigns = Unique(*loaded);
  if (campaigns.empty())
    std::cerr << "staccs-relay: serving no campaign: every upload is refused until a campaign file is given"
              << (config.campaigns_dir.empty() ? " (--campaign FILE, or --campaigns DIR)"
                                               : " (put one in " + config.campaigns_dir + " and restart)")
              << "\n";
  for (const auto& c : campaigns) std::cerr << "staccs-relay: serving campaign " << c.id_hex() << "\n";

  sync::RaiseOpenFileLimit();
  auto service = sync::RelayService::Open(platform::PathFromUtf8(data), campaigns, config.limits);
  if (!service) {
    std::cerr << "staccs-relay: " << service.error().message << "\n";
    return 4;
  }
  // A campaign file given here that is newer than the one held (a fresh relay, or the operator
  // put an update in place) becomes the one handed out; an older one leaves the held update.
  for (const auto& l : *loaded) {
    auto offered = (*service)->store().OfferCampaignFile(l.file);
    if (!offered) std::cerr << "staccs-relay: campaign " << l.campaign.id_hex() << ": " << offered.error().message << "\n";
  }
  for (const auto& note : (*service)->store().startup_notes()) std::cerr << "staccs-relay: " << note << "\n";
  std::atomic<bool> stopping{false};
  {
    sync::RelayHttpOptions options;
    options.log_client_addresses = config.log_client_addresses;
    options.gate = config.gate;
    sync::RelayHttpServer server(**service, options);
    auto bound = server.Bind(listen.substr(0, colon), port);
    if (!bound) {
      std::cerr << "staccs-relay: " << bound.error().message << "\n";
      return 4;
    }
    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    std::thread waiter([&] {
      sync::WaitForStopRequest();
      {
        std::lock_guard lock(stop_mutex);
        stopping = true;
      }
      stop_cv.notify_all();
      server.Stop();
    });
    // Forwarding and expiry run beside the server, one pass every --forward-every seconds; a
    // pass under way gives up its requests when the relay stops (HttpOptions::cancel).
    std::thread forwarder([&] {
      sync::HttpOptions http;
      http.cancel = &stopping;
      std::unique_lock lock(stop_mutex);
      while (!stopping) {
        lock.unlock();
        const std::int64_t now = platform::UnixTimeNow();
        auto expired = (*service)->store().ExpireOld(now);
        if (!expired) std::cerr << "staccs-relay: expiring old bundles: " << expired.error().message << "\n";
        else if (*expired > 0) std::cerr << "staccs-relay: dropped " << *expired << " bundles past the retention period\n";
        auto idle = (*service)->ExpireIdleUploads(now);
        if (!idle) std::cerr << "staccs-relay: expiring idle uploads: " << idle.error().message << "\n";
        else if (*idle > 0) std::cerr << "staccs-relay: dropped " << *idle << " partial uploads left idle\n";
        auto compacted = (*service)->store().Compact(config.limits.compact_dead_bytes);
        if (!compacted) std::cerr << "staccs-relay: compacting the segment log: " << compacted.error().message << "\n";
        else if (compacted->bytes_after < compacted->bytes_before)
          std::cerr << "staccs-relay: segment log compacted from " << compacted->bytes_before << " to "
                    << compacted->bytes_after << " bytes\n";
        for (const auto& up : config.upstreams) {
          if (stopping) break;
          auto pass = sync::ForwardToUpstream((*service)->store(), up, http);
          if (!pass) std::cerr << "staccs-relay: forwarding to " << up << ": " << pass.error().message << "\n";
          else if (pass->uploaded) std::cerr << "staccs-relay: forwarded " << pass->uploaded << " bundles to " << up << "\n";
        }
        lock.lock();
        stop_cv.wait_for(lock, std::chrono::seconds(config.forward_every_seconds), [&] { return stopping.load(); });
      }
    });
    std::cerr << "staccs-relay: serving " << listen.substr(0, colon) << ":" << *bound << " from " << data
              << " (receipt key " << ToHex((*service)->receipt_key()) << ")\n";
    server.Serve();  // returns once stopped; requests being served are cut, what they stored stays
    sync::EndStopWait();  // if it ended on its own, the waiter still waits
    waiter.join();
    forwarder.join();
  }
  // The server and its threads are gone; closing the store commits nothing new and lets SQLite
  // checkpoint its write-ahead log into the index.
  service->reset();
  std::cerr << "staccs-relay: stopped\n";
  return 0;
}
