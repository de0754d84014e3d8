// libFuzzer harness for the relay's request handling: raw bytes go through cpp-httplib's
// request parser and the relay's handlers (pre-routing refusals, tus uploads, pulls with their
// proofs, the received-log) exactly as they would from a socket, against a real store in a
// temporary folder. The pull-proof and receipt parsers also see every input directly.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz_campaign.h"
#include "relay_http_server.h"
#include "staccs/sync/pull_proof.h"
#include "staccs/sync/relay_receipt.h"

using namespace staccs;
namespace fs = std::filesystem;

namespace {

struct RelayUnderFuzz {
  fuzz::FixedCampaign fixed;
  fs::path dir = fs::temp_directory_path() / ("staccs-relay-fuzz-" + std::to_string(::getpid()));
  std::unique_ptr<sync::RelayService> service;
  std::unique_ptr<sync::RelayHttpServer> server;

  RelayUnderFuzz() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    // The fixed relay key, so the seeds' pull proofs name this relay.
    std::ofstream(dir / "relay_key.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(fixed.relay.secret_key().data()), 64);
    // Small limits keep the fuzzer's disk use bounded.
    auto s = sync::RelayService::Open(dir, {fixed.campaign}, {256 * 1024, 64u << 20});
    if (!s) std::abort();
    service = std::move(s).value();
    sync::RelayHttpOptions options;
    options.log = [](const std::string&) {};
    options.gate.workers = 1;
    server = std::make_unique<sync::RelayHttpServer>(*service, options);
  }
  ~RelayUnderFuzz() {
    server.reset();
    service.reset();
    fs::remove_all(dir);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RelayUnderFuzz relay;
  std::string answer;
  (void)relay.server->ServeBytes(std::string(reinterpret_cast<const char*>(data), size), answer);
  (void)sync::ParsePullProof({data, size}, relay.fixed.campaign);
  const auto key = relay.fixed.relay.public_key();
  (void)sync::ParseReceipt({data, size}, &key);
  return 0;
}
