// A relay store under load, for the kill -9 test: stores every bundle file given on the
// command line from four threads and prints each receipt (hex) once Store has returned it.
//   relay_writer DATA_DIR CAMPAIGN_FILE BUNDLE_FILE...
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;

int main(int argc, char** argv) {
  if (argc < 4) return 1;
  auto campaign = core::ParseCampaignFile(*platform::ReadFile(argv[2]));
  if (!campaign) return 1;
  auto store = sync::RelayStore::Open(argv[1], {*campaign});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  std::mutex out;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 3 + t; i < argc; i += 4) {
        auto receipt = (*store)->Store(*platform::ReadFile(argv[i]));
        if (!receipt) continue;
        std::lock_guard lock(out);
        std::printf("%s\n", ToHex(*receipt).c_str());
        std::fflush(stdout);
      }
    });
  }
  for (auto& th : threads) th.join();
  return 0;
}
