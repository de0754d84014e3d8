#include "request_framing.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace staccs::sync {

namespace {

constexpr std::array<std::string_view, 7> kMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

bool IsServedMethod(std::string_view m) { return std::find(kMethods.begin(), kMethods.end(), m) != kMethods.end(); }

// Methods whose requests carry no body here (cpp-httplib never reads one for them).
bool TakesNoBody(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// RFC 9110 §5.6.2 token characters.
bool IsTokenChar(unsigned char c) {
  if (std::isalnum(c) != 0) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// Field value characters: visible ASCII, obs-text, space and tab; no controls.
bool IsValueChar(unsigned char c) { return c == ' ' || c == '\t' || (c >= 0x21 && c != 0x7f); }

// Request-target characters in origin-form: visible ASCII without '#' (no fragments on the
// wire); cpp-httplib would cut at '#', so there is nothing to agree on.
bool IsTargetChar(unsigned char c) { return c >= 0x21 && c <= 0x7e && c != '#'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Framing Refuse(int status, std::string reason) {
  Framing f;
  f.state = Framing::State::kRefused;
  f.status = status;
  f.reason = std::move(reason);
  return f;
}

std::optional<Framing> CheckRequestLine(std::string_view line, RequestHead& head) {
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return Refuse(400, "the request line is not METHOD SP TARGET SP VERSION");
  head.method = std::string(line.substr(0, sp1));
  head.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  head.version = std::string(line.substr(sp2 + 1));
  if (head.method.empty() || !std::all_of(head.method.begin(), head.method.end(), [](char c) { return IsTokenChar(c); }))
    return Refuse(400, "the method is not a token");
  if (head.version != "HTTP/1.1" && head.version != "HTTP/1.0") return Refuse(400, "the version is not HTTP/1.1 or 1.0");
  if (head.target.empty() || !std::all_of(head.target.begin(), head.target.end(), [](char c) { return IsTargetChar(c); }))
    return Refuse(400, "the request target has characters outside visible ASCII, or a fragment");
  if (head.target.front() != '/' && !(head.target == "*" && head.method == "OPTIONS"))
    return Refuse(400, "the request target must be a path (origin-form)");
  if (std::count(head.target.begin(), head.target.end(), '?') > 1) return Refuse(400, "the request target has two queries");
  if (!IsServedMethod(head.method)) return Refuse(501, "method " + head.method + " is not served here");
  return std::nullopt;
}

}  // namespace

Framing FrameRequest(std::string_view bytes, const FramingLimits& limits) {
  Framing out;
  RequestHead& head = out.head;
  bool saw_length = false, saw_override = false, saw_expect = false, saw_host = false;
  std::uint64_t length = 0;
  std::string override_method;
  std::size_t pos = 0;
  for (std::size_t line_no = 0;; ++line_no) {
    // One line: bytes up to CRLF. A CR or LF anywhere else is refused at once.
    std::size_t end = pos;
    while (end < bytes.size() && bytes[end] != '\r' && bytes[end] != '\n') {
      if (bytes[end] == '\0') return Refuse(400, "a NUL byte in the request head");
      ++end;
    }
    const std::size_t line_limit = std::min(limits.max_line_bytes, limits.max_head_bytes - std::min(pos, limits.max_head_bytes));
    if (end - pos + 2 > line_limit) {
      if (line_no == 0) return Refuse(414, "the request line is longer than " + std::to_string(limits.max_line_bytes) + " bytes");
      return Refuse(431, "the request head is too large");
    }
    if (end == bytes.size()) return out;  // incomplete line, nothing wrong so far
    if (bytes[end] == '\n') return Refuse(400, "a line ends with a bare LF: lines end with CRLF");
    if (end + 1 == bytes.size()) return out;  // the LF has not arrived yet
    if (bytes[end + 1] != '\n') return Refuse(400, "a bare CR in the request head");
    const std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 2;

    if (line_no == 0) {
      if (auto refused = CheckRequestLine(line, head)) return *refused;
      continue;
    }
    if (line.empty()) break;  // the blank line: the head is complete
    if (line.front() == ' ' || line.front() == '\t') return Refuse(400, "folded header lines are not accepted");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Refuse(400, "a header line without a name and a colon");
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); }))
      return Refuse(400, "a header name with characters outside a token (or a space before the colon)");
    const std::string_view value = TrimOws(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), [](char c) { return IsValueChar(static_cast<unsigned char>(c)); }))
      return Refuse(400, "a control character in the value of " + std::string(name));

    if (EqualsNoCase(name, "Transfer-Encoding"))
      return Refuse(411, "Transfer-Encoding is not accepted: send Content-Length");
    // cpp-httplib would decompress such a body, or parse it as a form, into something else than
    // the bytes framed; the relay takes neither: compression is refused, a form type dropped.
    if (EqualsNoCase(name, "Content-Encoding") && !EqualsNoCase(value, "identity"))
      return Refuse(415, "compressed request bodies are not accepted");
    if (EqualsNoCase(name, "Content-Type") &&
        (StartsWithNoCase(value, "multipart/form-data") || StartsWithNoCase(value, "application/x-www-form-urlencoded"))) {
      head.form_type_dropped = true;  // libcurl labels every body this way unless told otherwise
      continue;
    }
    if (EqualsNoCase(name, "Content-Length")) {
      if (saw_length) return Refuse(400, "more than one Content-Length");
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string_view::npos)
        return Refuse(400, "Content-Length is not a number");
      saw_length = true;
      length = 0;
      for (char c : value) length = length * 10 + static_cast<std::uint64_t>(c - '0');
      continue;
    }
    if (EqualsNoCase(name, "X-HTTP-Method-Override")) {
      if (saw_override) return Refuse(400, "more than one X-HTTP-Method-Override");
      saw_override = true;
      override_method = std::string(value);
      continue;
    }
    if (EqualsNoCase(name, "Expect")) {
      if (saw_expect) return Refuse(400, "more than one Expect");
      saw_expect = true;
      if (!EqualsNoCase(value, "100-continue")) return Refuse(417, "the only expectation met here is 100-continue");
      head.fields.emplace_back(std::string(name), "100-continue");
      continue;
    }
    if (EqualsNoCase(name, "Host")) {
      if (saw_host) return Refuse(400, "more than one Host");
      saw_host = true;
    }
    // cpp-httplib adds these itself, after the client's: a client's copy would come first.
    if (EqualsNoCase(name, "REMOTE_ADDR") || EqualsNoCase(name, "REMOTE_PORT") || EqualsNoCase(name, "LOCAL_ADDR") ||
        EqualsNoCase(name, "LOCAL_PORT"))
      continue;
    if (value.empty()) continue;
    head.fields.emplace_back(std::string(name), std::string(value));
  }
  if (saw_override) {
    if (head.method != "POST") return Refuse(400, "X-HTTP-Method-Override is honoured on POST only");
    if (!IsServedMethod(override_method) || override_method == "POST")
      return Refuse(400, "X-HTTP-Method-Override names a method not served here");
    head.method = override_method;
    head.method_overridden = true;
  }
  if (TakesNoBody(head.method) && length != 0) return Refuse(400, head.method + " requests carry no body here");
  head.body_length = length;
  head.content_length_given = saw_length;
  head.head_bytes = pos;
  out.state = Framing::State::kComplete;
  return out;
}

std::string CanonicalHead(const RequestHead& head) {
  std::string out;
  out.reserve(256);
  out += head.method + " " + head.target + " " + head.version + "\r\n";
  for (const auto& [name, value] : head.fields) {
    out += name;
    out += ": ";
    for (char c : value) {
      if (c == '%') out += "%25";
      else out += c;
    }
    out += "\r\n";
  }
  if (!TakesNoBody(head.method)) out += "Content-Length: " + std::to_string(head.body_length) + "\r\n";
  out += "\r\n";
  return out;
}

std::string RefusalAnswer(int status, const std::string& reason) {
  const char* text = "Bad Request";
  switch (status) {
    case 411: text = "Length Required"; break;
    case 414: text = "URI Too Long"; break;
    case 415: text = "Unsupported Media Type"; break;
    case 417: text = "Expectation Failed"; break;
    case 431: text = "Request Header Fields Too Large"; break;
    case 501: text = "Not Implemented"; break;
    default: break;
  }
  const std::string body = reason + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + text + "\r\nContent-Type: text/plain; charset=utf-8\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace staccs::sync
