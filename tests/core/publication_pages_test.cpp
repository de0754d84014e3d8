// Issue 15 and the command line: a large HTML publication is an index with pages, files
// appear whole, and `staccs-cli compile` says what it wrote.
#include <doctest/doctest.h>

#include <filesystem>

#include "publication_fixture.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

TEST_CASE("a large HTML publication is an index with pages, and a shorter one removes stale pages") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  for (int i = 1; i <= 5; ++i) flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "answer number " + std::to_string(i)));
  for (int i = 1; i <= 3; ++i) {
    PracticeContent p;
    p.title = "practice number " + std::to_string(i);
    flow.Practice(author, p);
  }
  flow.Collect();
  PublicationOptions options;
  options.page_size = 2;
  auto report = flow.Write(PublicationFormat::kHtml, "pub.html", options);
  const fs::path d = flow.dir.path();
  CHECK(report.files == std::vector<fs::path>{d / "pub.html", d / "pub-p1.html", d / "pub-p2.html", d / "pub-p3.html",
                                              d / "pub-practices-p1.html", d / "pub-practices-p2.html"});
  const std::string index = test::ReadFileText(d / "pub.html");
  CHECK(index.find("<a href=\"pub-p3.html\">Contributions 5–5</a>") != std::string::npos);
  CHECK(index.find("<a href=\"pub-practices-p2.html\">Practice records 3–3</a>") != std::string::npos);
  CHECK(index.find("answer number") == std::string::npos);
  const std::string p2 = test::ReadFileText(d / "pub-p2.html");
  CHECK(p2.find("answer number 3") != std::string::npos);
  CHECK(p2.find("answer number 4") != std::string::npos);
  CHECK(p2.find("answer number 5") == std::string::npos);
  CHECK(p2.find("<a href=\"pub-p1.html\" rel=\"prev\">") != std::string::npos);
  CHECK(p2.find("<a href=\"pub-p3.html\" rel=\"next\">") != std::string::npos);
  for (const auto& f : report.files) {
    auto checked = test::CheckWithPython("html", f);
    CHECK_MESSAGE(checked["errors"].empty(), f.string() << ": " << checked["errors"].dump());
  }
  // A later publication that fits on fewer pages leaves no page of the longer one behind
  // (it may hold a contribution withdrawn since).
  options.page_size = 3;
  flow.Write(PublicationFormat::kHtml, "pub.html", options);
  CHECK(fs::exists(d / "pub-p2.html"));
  CHECK_FALSE(fs::exists(d / "pub-p3.html"));
  CHECK_FALSE(fs::exists(d / "pub-practices-p2.html"));
  flow.Write(PublicationFormat::kHtml, "pub.html", PublicationOptions{});
  CHECK_FALSE(fs::exists(d / "pub-p1.html"));
  CHECK_FALSE(fs::exists(d / "pub-practices-p1.html"));
  CHECK(test::ReadFileText(d / "pub.html").find("answer number 5") != std::string::npos);
  for (const auto& e : fs::directory_iterator(d)) CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("staccs-cli compile names every file it wrote, and refuses a bad page size or a kit that is not the secretariat") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "words from the command line"));
  PracticeContent p;
  p.title = "a practice";
  flow.Practice(author, p);
  flow.Collect();
  const fs::path home = flow.dir / "secretariat";
  const std::string id = flow.campaign.id_hex().substr(0, 12);
  const fs::path csv = flow.dir / "pub.csv";
  auto r = test::RunCli(home, {"compile", "--campaign", id, "--format", "csv", "--out", csv.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == csv.string() + "\n" + (flow.dir / "pub-practices.csv").string() +
                     "\n1 contributions and 1 practice records published\n");
  CHECK(test::ReadFileText(csv).find("words from the command line") != std::string::npos);
  auto bad = test::RunCli(home, {"compile", "--campaign", id, "--format", "html", "--out", "x.html", "--page-size", "5x"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("--page-size") != std::string::npos);
  Kit organiser = flow.NewParticipant("organiser");
  auto not_ours = test::RunCli(flow.dir / "organiser", {"compile", "--campaign", id, "--format", "md", "--out",
                                                        (flow.dir / "o.md").string()});
  CHECK(not_ours.exit_code == 1);
  CHECK(not_ours.err.find("not the secretariat") != std::string::npos);
  CHECK_FALSE(fs::exists(flow.dir / "o.md"));
}
