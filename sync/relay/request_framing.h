// The one parser of where an HTTP/1.1 request starts and ends (RFC 9112), for everything that
// reaches the relay: the connection gate frames each request with it, and cpp-httplib reads
// only the canonical head it writes back (CanonicalHead), never the client's own bytes. Two
// parsers that disagree on where a request ends invite request smuggling; here the second
// one reads what the first one decided, and tests/fuzz/request_framing_fuzz.cpp checks that
// cpp-httplib's parser agrees with this one on every head it accepts.
//
// Strict on purpose: a bare CR or LF, a NUL or control byte, folded lines, a space before a
// colon, a second Content-Length, any Transfer-Encoding or Content-Encoding, a body on
// GET/HEAD/OPTIONS, a method the relay does not serve: each is refused with a status, never
// guessed at. Fields with an empty value are dropped (cpp-httplib drops them too), and so is
// a form Content-Type (the relay takes no forms; cpp-httplib would parse the body as one, and
// libcurl gives every body that type unless told otherwise). A request with neither
// Content-Length nor Transfer-Encoding has an empty body (RFC 9112 §6.3), so it is answered
// at once: cpp-httplib would wait for the connection to close.
//
// X-HTTP-Method-Override (tus 1.0 §"X-HTTP-Method-Override") on a POST is applied here: the
// request is framed and served as the method it names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace staccs::sync {

struct FramingLimits {
  std::size_t max_head_bytes = 16 * 1024;  // request line and fields together
  std::size_t max_line_bytes = 8192;       // any one line, CRLF included (cpp-httplib's limit)
};

struct RequestHead {
  std::string method;   // as served: X-HTTP-Method-Override applied
  std::string target;   // origin-form ("/v1/uploads?x"), or "*" for OPTIONS
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  // Fields in their order, names as sent; without Content-Length, Transfer-Encoding and
  // X-HTTP-Method-Override (framing is in body_length and method) and without empty values.
  std::vector<std::pair<std::string, std::string>> fields;
  std::uint64_t body_length = 0;
  bool content_length_given = false;  // false: no Content-Length, so no body (RFC 9112 §6.3)
  std::size_t head_bytes = 0;  // of the client's bytes: request line, fields, blank line
  bool method_overridden = false;
  bool form_type_dropped = false;  // a multipart or urlencoded Content-Type was left out
};

struct Framing {
  enum class State { kIncomplete, kComplete, kRefused };
  State state = State::kIncomplete;
  RequestHead head;   // when kComplete
  int status = 0;     // when kRefused: 400, 411, 414, 415, 417, 431 or 501
  std::string reason;  // when kRefused, for the answer's body
};

// Frames the request at the start of `bytes` (what a connection has delivered so far).
// kIncomplete while the head has not ended and nothing so far is wrong; a fault is reported
// as soon as the bytes that show it arrive, without waiting for the end of the head.
Framing FrameRequest(std::string_view bytes, const FramingLimits& limits = {});

// The head cpp-httplib is given for a framed request: CRLF lines, the served method, one
// Content-Length for methods that carry a body, `%` in values escaped as %25 (cpp-httplib
// percent-decodes field values; this way it ends up with exactly the value framed here).
std::string CanonicalHead(const RequestHead& head);

// A short answer for a refused request, closing the connection.
std::string RefusalAnswer(int status, const std::string& reason);

}  // namespace staccs::sync
