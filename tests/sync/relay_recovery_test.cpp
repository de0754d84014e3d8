// The relay checks its index against its segment when it starts, and its bytes when it reads
// them: an index row whose bundle is not (or not intact) on disk is dropped and noted, so a
// client asking /v1/lacks sends the bundle again instead of being told it is held (issue 14).
// The power cut that leaves such a state is reproduced in tests/powercut/; here the state is
// made by hand.
#include <doctest/doctest.h>

#include <filesystem>

#include "flow_fixture.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/hash.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

std::vector<Bytes> SealSome(test::Flow& flow, int n) {
  Kit participant = flow.NewParticipant("participant");
  std::vector<Bytes> out;
  for (int i = 0; i < n; ++i) {
    auto e = flow.Submit(participant, "# q\nanswer " + std::to_string(i) + "\n");
    out.push_back(*BundleStore(participant).Read(e.bundle_id));
  }
  return out;
}

std::string IdOf(const Bytes& b) { return ToHex(crypto::Blake2b256(b)); }

fs::path OnlySegment(const fs::path& dir) {
  fs::path found;
  for (const auto& e : fs::directory_iterator(dir / "segments")) found = e.path();
  return found;
}

}  // namespace

TEST_CASE("a relay whose segment lost its tail drops the index rows past the end and asks for them again") {
  test::Flow flow;
  const auto bundles = SealSome(flow, 3);
  const fs::path dir = flow.dir / "relay";
  {
    auto store = sync::RelayStore::Open(dir, {flow.campaign});
    REQUIRE_MESSAGE(store.ok(), test::Why(store));
    CHECK((*store)->startup_notes().empty());
    for (const auto& b : bundles) REQUIRE((*store)->Store(b).ok());
  }
  // What a power cut leaves when the index's commit reached the disk and the segment's last
  // append did not: the segment is cut inside the third bundle.
  const fs::path segment = OnlySegment(dir);
  fs::resize_file(segment, fs::file_size(segment) - bundles[2].size() / 2);

  auto store = sync::RelayStore::Open(dir, {flow.campaign});
  REQUIRE_MESSAGE(store.ok(), test::Why(store));
  REQUIRE((*store)->startup_notes().size() == 1);
  const std::string& note = (*store)->startup_notes()[0];
  CHECK(note.find(IdOf(bundles[2]).substr(0, 12)) != std::string::npos);
  CHECK(note.find("asked for again") != std::string::npos);
  auto lacks = (*store)->Lacks({IdOf(bundles[0]), IdOf(bundles[1]), IdOf(bundles[2])});
  REQUIRE(lacks.ok());
  CHECK(*lacks == std::vector<std::string>{IdOf(bundles[2])});
  CHECK(*(*store)->Read(IdOf(bundles[1])) == bundles[1]);
  // Sent again, it is stored again and reads back whole.
  REQUIRE((*store)->Store(bundles[2]).ok());
  CHECK(*(*store)->Read(IdOf(bundles[2])) == bundles[2]);
}

TEST_CASE("a relay whose segment file is missing drops every row and says so") {
  test::Flow flow;
  const auto bundles = SealSome(flow, 2);
  const fs::path dir = flow.dir / "relay";
  {
    auto store = sync::RelayStore::Open(dir, {flow.campaign});
    REQUIRE(store.ok());
    for (const auto& b : bundles) REQUIRE((*store)->Store(b).ok());
  }
  fs::remove(OnlySegment(dir));
  auto store = sync::RelayStore::Open(dir, {flow.campaign});
  REQUIRE_MESSAGE(store.ok(), test::Why(store));
  const auto& notes = (*store)->startup_notes();
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].find("is missing") != std::string::npos);
  auto lacks = (*store)->Lacks({IdOf(bundles[0]), IdOf(bundles[1])});
  CHECK(lacks->size() == 2);
}

TEST_CASE("a relay never serves stored bytes that do not hash to their id, and asks for the bundle again") {
  test::Flow flow;
  const auto bundles = SealSome(flow, 1);
  const fs::path dir = flow.dir / "relay";
  {
    auto store = sync::RelayStore::Open(dir, {flow.campaign});
    REQUIRE(store.ok());
    REQUIRE((*store)->Store(bundles[0]).ok());
  }
  // Zeroed blocks where the bytes were (a disk that acknowledged a write it did not do).
  {
    const fs::path segment = OnlySegment(dir);
    Bytes bytes = *platform::ReadFile(segment);
    std::fill(bytes.begin() + 100, bytes.begin() + 4196, std::uint8_t{0});
    test::WriteFile(segment, std::string(bytes.begin(), bytes.end()));
  }
  auto store = sync::RelayStore::Open(dir, {flow.campaign});
  REQUIRE(store.ok());
  auto read = (*store)->Read(IdOf(bundles[0]));
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().message.find("damaged") != std::string::npos);
  CHECK((*store)->Lacks({IdOf(bundles[0])})->size() == 1);
}
