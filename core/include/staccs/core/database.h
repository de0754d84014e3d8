// A small RAII layer over SQLite: one connection, prepared statements, explicit transactions.
// Every call returns a Result whose error names the database operation that failed.
// Not thread-safe: one Database per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace staccs::core {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, ByteView blob);
  // Binds without copying: `blob` must stay valid until the statement is reset, rebound or
  // destroyed. For values of megabytes (a received-log of 10^5 entries is 6.4 MB).
  Statement& BindBorrowed(int index, ByteView blob);
  Statement& BindNull(int index);

  // Advances: true with a row, false when done; error on failure.
  Result<bool> Step();
  // Runs to completion (for statements that return no rows).
  Status Run();
  void Reset();

  std::int64_t ColumnInt(int index) const;
  std::string ColumnText(int index) const;
  Bytes ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;
};

// One blob read or written in place, piece by piece (SQLite's incremental blob I/O): a bundle
// of 64 MiB is opened or stored without ever being copied whole into memory. The handle is
// valid until its row changes or it is destroyed; it must not outlive its Database.
class Blob {
 public:
  Blob() = default;
  Blob(Blob&&) noexcept;
  Blob& operator=(Blob&&) noexcept;
  ~Blob();

  std::size_t size() const { return size_; }
  // Exactly out.size() bytes from `offset` (an error past the end or if the row changed).
  Status Read(std::size_t offset, std::span<std::uint8_t> out);
  // Writes over bytes already there: a blob never grows (insert zeroblob(N) first).
  Status Write(std::size_t offset, ByteView bytes);

 private:
  friend class Database;
  Blob(sqlite3* db, sqlite3_blob* blob, std::size_t size) : db_(db), blob_(blob), size_(size) {}
  sqlite3* db_ = nullptr;
  sqlite3_blob* blob_ = nullptr;
  std::size_t size_ = 0;
};

enum class Durability {
  kFull,    // synchronous=FULL: a commit survives power loss (anything acknowledged to a user)
  kNormal,  // synchronous=NORMAL: may lose the last commits on power loss
};

class Database {
 public:
  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  int Changes() const;
  // Opens or creates the file in WAL mode with the temp store in memory.
  Database() = default;  // closed; assign the result of Open()
  static Result<Database> Open(const std::filesystem::path& path, Durability durability);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  Result<Statement> Prepare(std::string_view sql);
  // The blob in `column` of the row `rowid` of `table`, for reading or (`writable`) writing.
  Result<Blob> OpenBlob(const char* table, const char* column, std::int64_t rowid, bool writable = false);
  // A whole blob read straight into one buffer. Through a column, SQLite first assembles a
  // large blob in a buffer of its own: 6.4 MB more for a 10^5-entry received-log.
  Result<Bytes> ReadBlob(const char* table, const char* column, std::int64_t rowid);
  Status Exec(std::string_view sql);  // one or more statements, no parameters
  Status Begin();                     // BEGIN IMMEDIATE: take the write lock now
  Status Commit();
  void Rollback();
  Result<std::int64_t> UserVersion();
  Result<std::string> IntegrityCheck();  // "ok" or SQLite's report
  void Close();

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  Error ErrorFor(std::string_view what) const;
  sqlite3* db_ = nullptr;
};

// Rolls back unless committed: `Transaction tx(db); ... STACCS_TRY(tx.Commit());`
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

}  // namespace staccs::core
