// A small RAII layer over SQLite: one connection, prepared statements, explicit transactions.
// Every call returns a Result whose error names the database operation that failed.
// Not thread-safe: one Database per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"

struct sqlite3;
struct sqlite3_stmt;

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
