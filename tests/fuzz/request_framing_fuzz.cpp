// libFuzzer harness for the relay's request framing (sync/relay/request_framing.h), and the
// proof that it and cpp-httplib's parser agree. For every input the framing accepts:
//   - the canonical head it hands cpp-httplib, followed by the framed body and a sentinel
//     request, is read by cpp-httplib as exactly that request (method, target, version,
//     every field and value, the body to the byte) and then the sentinel: the two agree on
//     where the request ends;
//   - where the client's own bytes carry the framing (an explicit Content-Length, or a method
//     without a body, no method override and no form type to drop), cpp-httplib reading those
//     raw bytes agrees too;
//   - every shorter prefix of the head frames as "incomplete", as the gate sees it arrive.
// A disagreement aborts (a finding). Inputs the framing refuses never reach cpp-httplib.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "request_framing.h"

using staccs::sync::CanonicalHead;
using staccs::sync::FrameRequest;
using staccs::sync::Framing;
using staccs::sync::RequestHead;

namespace {

// Request bytes in, answers out (kept apart, unlike cpp-httplib's BufferStream).
class MemoryStream final : public httplib::Stream {
 public:
  explicit MemoryStream(std::string in) : in_(std::move(in)) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, std::size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 1;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 2;
  }
  socket_t socket() const override { return 0; }

 private:
  std::string in_;
  std::size_t pos_ = 0;
};

struct Seen {
  std::string method, target, version, body;
  httplib::Headers headers;
};

// cpp-httplib's own request parsing, with a handler for everything that records what it read.
class RecordingServer final : public httplib::Server {
 public:
  RecordingServer() {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      seen.push_back({req.method, req.target, req.version, req.body, req.headers});
      res.status = 200;
    };
    // Any path, even one whose decoding holds a line break ('.' would not match it).
    const std::string any = R"([\s\S]*)";
    Get(any, record);
    Post(any, record);
    Put(any, record);
    Patch(any, record);
    Delete(any, record);
    Options(any, record);
    set_payload_max_length(1u << 20);
  }
  // Runs cpp-httplib's request loop over `bytes` until it stops; returns what it saw.
  std::vector<Seen> Read(std::string bytes) {
    seen.clear();
    MemoryStream stream(std::move(bytes));
    for (int i = 0; i < 3; ++i) {
      // "Connection: close" and HTTP/1.0 end a real connection here; reading on shows where
      // cpp-httplib thinks the next request starts.
      bool closed = false;
      if (!process_request(stream, false, closed, nullptr)) break;
    }
    return seen;
  }
  std::vector<Seen> seen;
};

const std::string kSentinel = "GET /sentinel HTTP/1.1\r\nHost: s\r\n\r\n";

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "request framing and cpp-httplib disagree: %s\n", what);
    std::abort();
  }
}

bool IsOwnHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

bool TakesNoBody(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// cpp-httplib saw `head` with `body`, then the sentinel; `exact_fields`: every field and value
// as framed (the canonical head), else only the framing (the client's raw head).
void Agree(const std::vector<Seen>& seen, const RequestHead& head, const std::string& body, bool exact_fields) {
  if (seen.size() != 2) {
    std::fprintf(stderr, "framed: %s %s; cpp-httplib read %zu requests:", head.method.c_str(), head.target.c_str(),
                 seen.size());
    for (const auto& s : seen) std::fprintf(stderr, " [%s %s]", s.method.c_str(), s.target.c_str());
    std::fprintf(stderr, "\n");
  }
  Check(seen.size() == 2, "where the request ends (the sentinel after it was not read as the next request)");
  const Seen& s = seen[0];
  Check(s.method == head.method, "the method");
  Check(s.target == head.target, "the target");
  Check(s.version == head.version, "the version");
  Check(s.body == body, "the body");
  Check(seen[1].target == "/sentinel", "the next request");
  if (!exact_fields) return;
  std::size_t fields = 0;
  for (const auto& [name, value] : s.headers)
    if (!IsOwnHeader(name) && !(name == "Content-Length")) ++fields;
  Check(fields == head.fields.size(), "the number of fields");
  for (const auto& [name, value] : head.fields) {
    bool found = false;
    auto range = s.headers.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) found |= it->second == value;
    Check(found, "a field's value");
  }
  auto length = s.headers.find("Content-Length");
  if (!TakesNoBody(head.method))
    Check(length != s.headers.end() && length->second == std::to_string(head.body_length), "the Content-Length");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RecordingServer server;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const Framing f = FrameRequest(input);
  if (f.state != Framing::State::kComplete) return 0;
  const RequestHead& head = f.head;
  // Every shorter prefix of a complete head is still incomplete (the gate frames as bytes come).
  for (std::size_t cut : {head.head_bytes / 2, head.head_bytes - 1})
    Check(FrameRequest(input.substr(0, cut)).state == Framing::State::kIncomplete, "a prefix of the head");
  if (head.body_length > (1u << 16)) return 0;  // keep runs fast; framing of lengths is covered
  std::string body = input.substr(head.head_bytes, head.body_length);
  body.resize(head.body_length, 'b');

  Agree(server.Read(CanonicalHead(head) + body + kSentinel), head, body, true);

  // The client's own bytes, where they carry the framing themselves.
  const std::string raw_head = input.substr(0, head.head_bytes);
  if (!head.method_overridden && !head.form_type_dropped && (TakesNoBody(head.method) || head.content_length_given))
    Agree(server.Read(raw_head + body + kSentinel), head, body, false);
  return 0;
}
