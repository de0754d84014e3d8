// Errors as values. Every fallible call in the kit returns Result<T>: either the value or an
// Error whose message a user can act on ("campaign.stc: signature does not verify").
// Nothing here throws; exceptions from libraries are caught where they enter our code.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace staccs {

// The kind decides the exit code of the command-line programs (SPEC §5) and how a caller
// reacts; the message is for people.
enum class ErrorKind {
  kUsage = 1,        // the caller asked for something malformed (bad flag, unknown id)
  kBadInput = 2,     // outside bytes that do not parse or verify, wrong passphrase
  kUnreachable = 3,  // a relay could not be reached after retries
  kLocal = 4,        // the local machine failed us: disk full, database error
};

// What went wrong, for a program to react to; one table per boundary maps codes to what goes
// out (the relay's HTTP statuses: relay_http_server.cpp). Most errors need none: kNone leaves
// the decision to the kind. Values are not stored anywhere; new ones may be added at the end.
enum class ErrorCode {
  kNone = 0,
  kNotFound,      // what was asked for is not here (an unknown id, a finished upload)
  kConflict,      // disagrees with the current state (an offset, a name already taken)
  kTooLarge,      // over a size limit
  kRejected,      // well-formed but refused (a campaign not served, bytes that are not a bundle)
  kQuotaFull,     // no room: a storage quota or a cap on things held at once
  kUnauthorized,  // a proof or credential is missing, stale or does not verify
};

struct Error {
  ErrorKind kind = ErrorKind::kLocal;
  std::string message;
  ErrorCode code = ErrorCode::kNone;

  static Error Usage(std::string m) { return {ErrorKind::kUsage, std::move(m)}; }
  static Error BadInput(std::string m) { return {ErrorKind::kBadInput, std::move(m)}; }
  static Error Unreachable(std::string m) { return {ErrorKind::kUnreachable, std::move(m)}; }
  static Error Local(std::string m) { return {ErrorKind::kLocal, std::move(m)}; }

  // The same error with a code: Error::BadInput("…").With(ErrorCode::kConflict).
  Error With(ErrorCode c) && {
    code = c;
    return std::move(*this);
  }

  // Prefixes the message with what it concerns: "bundle 3f2a…: " + message.
  Error Within(const std::string& what) && {
    message = what + ": " + message;
    return std::move(*this);
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(state_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace staccs

// Propagates an error out of the current function: STACCS_TRY(store.commit());
#define STACCS_TRY(expr)                                    \
  do {                                                      \
    auto staccs_try_result_ = (expr);                       \
    if (!staccs_try_result_.ok())                           \
      return std::move(staccs_try_result_).error();         \
  } while (0)

// Binds the value of a Result or returns its error: STACCS_ASSIGN(auto kit, Kit::Open(...));
#define STACCS_CONCAT_INNER_(a, b) a##b
#define STACCS_CONCAT_(a, b) STACCS_CONCAT_INNER_(a, b)
#define STACCS_ASSIGN(decl, expr) STACCS_ASSIGN_IMPL_(STACCS_CONCAT_(staccs_r_, __LINE__), decl, expr)
#define STACCS_ASSIGN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                         \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
