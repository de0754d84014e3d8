// tus clients nobody on the project wrote, against a real relay on loopback (SPEC §4: "existing
// tus clients work"): the reference client, tus-js-client (from npm, pinned by
// tests/tus_clients/package-lock.json), and Debian's python3-tuspy. Each uploads real bundles
// whole, in chunks, and resumed after the client stopped; tus-js-client also through
// X-HTTP-Method-Override, as behind a proxy that passes only GET and POST. The relay must hold
// each bundle and hand back a receipt its key verifies.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>

#include "flow_fixture.h"
#include "relay_fixture.h"
#include "staccs/sync/relay_receipt.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

// The value of "key":"..." in the client's one-line JSON report ("" if absent).
std::string JsonString(const std::string& json, const std::string& key) {
  const std::string open = "\"" + key + "\": \"";
  auto at = json.find(open);
  std::size_t skip = open.size();
  if (at == std::string::npos) {
    at = json.find("\"" + key + "\":\"");
    skip = key.size() + 4;
  }
  if (at == std::string::npos) return "";
  const auto end = json.find('"', at + skip);
  return end == std::string::npos ? "" : json.substr(at + skip, end - at - skip);
}

struct OutsideClientRig {
  test::Flow flow;
  Kit participant = flow.NewParticipant("uploader");
  fs::path relay_dir = flow.dir / "relay";
  crypto::SigningPublicKey relay_key = *sync::RelayStore::LoadOrCreateKey(relay_dir);
  test::RunningRelay relay{relay_dir, {flow.campaign}};
  std::string endpoint = "http://127.0.0.1:" + std::to_string(relay.port) + "/v1/uploads";
  int sealed = 0;

  // A freshly sealed bundle (about 20 KiB: several 4 KiB chunks) written to a file.
  std::pair<std::string, fs::path> NewBundleFile() {
    auto e = test::SubmitAnswer(participant, flow.campaign,
                                "answer " + std::to_string(++sealed) + " " + std::string(20000, 'x'));
    const fs::path file = flow.dir / (e.bundle_id + ".stb");
    auto bytes = BundleStore(participant).Read(e.bundle_id);
    REQUIRE(bytes.ok());
    REQUIRE(platform::WriteFileAtomically(file, *bytes).ok());
    return {e.bundle_id, file};
  }

  // The relay holds the bundle, and the receipt the client got names it under the relay's key.
  void CheckHeld(const std::string& bundle_id, const std::string& report) {
    auto lacks = relay.service->Lacks(bundle_id + "\n");
    REQUIRE(lacks.ok());
    CHECK_MESSAGE(lacks->empty(), "the relay does not hold the uploaded bundle");
    const auto receipt = FromHex(JsonString(report, "receipt"));
    REQUIRE_MESSAGE(receipt.has_value(), "no receipt in the client's last answer: " << report);
    auto parsed = sync::ParseReceipt(*receipt, &relay_key);
    REQUIRE_MESSAGE(parsed.ok(), test::Why(parsed));
    CHECK(ToHex(parsed->bundle_id) == bundle_id);
  }
};

}  // namespace

TEST_CASE("tus-js-client uploads bundles whole, chunked, resumed after a stop and with overridePatchMethod") {
  const fs::path script = STACCS_SOURCE_DIR "/tests/tus_clients/tus_js_upload.js";
  const std::map<std::string, std::string> env = {{"NODE_PATH", STACCS_TUS_JS_DIR "/node_modules"}};
  REQUIRE_MESSAGE(fs::exists(STACCS_TUS_JS_DIR "/node_modules/tus-js-client/package.json"),
                  "tus-js-client is not installed in " STACCS_TUS_JS_DIR ": the CTest fixture tus_clients_npm_ci installs it "
                  "(ctest -R tus-js-client runs it first; packaging/dev/install-deps.sh test installs npm)");
  OutsideClientRig rig;
  for (const std::string mode : {"whole", "chunked", "resume", "override"}) {
    CAPTURE(mode);
    auto [id, file] = rig.NewBundleFile();
    auto run = test::RunProcess({"node", script.string(), rig.endpoint, file.string(), mode}, env);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    rig.CheckHeld(id, run.out);
    const std::string requests = run.out.substr(run.out.find("\"requests\""));
    if (mode == "whole") CHECK(requests.find("\"POST\",\"PATCH\"]") != std::string::npos);
    if (mode == "chunked") CHECK(requests.find("\"PATCH\",\"PATCH\",\"PATCH\",\"PATCH\"") != std::string::npos);
    if (mode == "resume") CHECK(requests.find("\"stopped\",\"HEAD\",\"PATCH\"") != std::string::npos);
    if (mode == "override") {
      CHECK(requests.find("\"POST>PATCH\"") != std::string::npos);
      CHECK(requests.find("\"PATCH\"") == std::string::npos);  // no bare PATCH went out
    }
  }
}

TEST_CASE("tuspy uploads bundles whole, chunked with checksums, and resumed from its URL") {
  const fs::path script = STACCS_SOURCE_DIR "/tests/tus_clients/tuspy_upload.py";
  OutsideClientRig rig;
  for (const std::string mode : {"whole", "chunked", "resume"}) {
    CAPTURE(mode);
    auto [id, file] = rig.NewBundleFile();
    // Debian's python3-* modules load under Debian's own python3.
    auto run = test::RunProcess({"/usr/bin/python3", script.string(), rig.endpoint, file.string(), mode});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    rig.CheckHeld(id, run.out);
    if (mode == "resume") CHECK(run.out.find("\"resumed_at\": 4096") != std::string::npos);
  }
}
