#include "staccs/core/database.h"

#include "staccs/core/platform.h"

#include <sqlite3.h>

#include <utility>

namespace staccs::core {

Statement::Statement(Statement&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), stmt_(std::exchange(o.stmt_, nullptr)),
      bind_error_(o.bind_error_) {}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(o.db_, nullptr);
    stmt_ = std::exchange(o.stmt_, nullptr);
    bind_error_ = o.bind_error_;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Statement& Statement::BindBorrowed(int index, ByteView blob) {
  static const std::uint8_t kEmpty = 0;
  int rc = sqlite3_bind_blob64(stmt_, index, blob.empty() ? &kEmpty : blob.data(), blob.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, ByteView blob) {
  // A zero-length blob must still bind as a blob, not as NULL.
  static const std::uint8_t kEmpty = 0;
  int rc = sqlite3_bind_blob64(stmt_, index, blob.empty() ? &kEmpty : blob.data(), blob.size(),
                               SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0)
    return Error::Local(std::string("database: cannot bind a value: ") + sqlite3_errstr(bind_error_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error::Local(std::string("database: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  for (;;) {
    auto more = Step();
    if (!more) return std::move(more).error();
    if (!*more) break;
  }
  Reset();
  return {};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

std::int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }
std::string Statement::ColumnText(int index) const {
  const unsigned char* t = sqlite3_column_text(stmt_, index);
  return t == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(t),
                                    static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}
Bytes Statement::ColumnBlob(int index) const {
  const auto* b = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
  return b == nullptr ? Bytes() : Bytes(b, b + n);
}
bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Blob::Blob(Blob&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), blob_(std::exchange(o.blob_, nullptr)), size_(std::exchange(o.size_, 0)) {}

Blob& Blob::operator=(Blob&& o) noexcept {
  if (this != &o) {
    if (blob_ != nullptr) sqlite3_blob_close(blob_);
    db_ = std::exchange(o.db_, nullptr);
    blob_ = std::exchange(o.blob_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

Blob::~Blob() {
  if (blob_ != nullptr) sqlite3_blob_close(blob_);
}

Status Blob::Read(std::size_t offset, std::span<std::uint8_t> out) {
  if (blob_ == nullptr || offset > size_ || out.size() > size_ - offset) return Error::Local("database: read past the end of a blob");
  const int rc = sqlite3_blob_read(blob_, out.data(), static_cast<int>(out.size()), static_cast<int>(offset));
  if (rc != SQLITE_OK) return Error::Local(std::string("database: cannot read a blob: ") + sqlite3_errstr(rc));
  return {};
}

Status Blob::Write(std::size_t offset, ByteView bytes) {
  if (blob_ == nullptr || offset > size_ || bytes.size() > size_ - offset) return Error::Local("database: write past the end of a blob");
  const int rc = sqlite3_blob_write(blob_, bytes.data(), static_cast<int>(bytes.size()), static_cast<int>(offset));
  if (rc != SQLITE_OK) return Error::Local(std::string("database: cannot write a blob: ") + sqlite3_errmsg(db_));
  return {};
}

Result<Blob> Database::OpenBlob(const char* table, const char* column, std::int64_t rowid, bool writable) {
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db_, "main", table, column, rowid, writable ? 1 : 0, &blob) != SQLITE_OK) {
    Error e = ErrorFor(std::string("cannot open a blob in ") + table);
    sqlite3_blob_close(blob);  // a handle is returned even on failure, or null: both may be closed
    return e;
  }
  return Blob(db_, blob, static_cast<std::size_t>(sqlite3_blob_bytes(blob)));
}

Result<Bytes> Database::ReadBlob(const char* table, const char* column, std::int64_t rowid) {
  STACCS_ASSIGN(Blob blob, OpenBlob(table, column, rowid));
  Bytes out(blob.size());
  STACCS_TRY(blob.Read(0, out));
  return out;
}

Result<Database> Database::Open(const std::filesystem::path& path, Durability durability) {
  // SQLite flushes the folder when it makes a journal or WAL file, but not when it makes the
  // main database file: that name is made here, durably, and SQLite only opens it.
  STACCS_TRY(platform::CreateFileDurably(path));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK)
    return Error::Local(path.string() + ": cannot open database: " +
                        (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  // WAL for concurrent readers and cheap commits; temp_store=MEMORY so SQLite never spills
  // sorts or temporary tables to an unencrypted file (SPEC §3.4); secure_delete so freed
  // pages are zeroed rather than left with old ciphertext lying around.
  std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON; "
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=";
  pragmas += durability == Durability::kFull ? "FULL;" : "NORMAL;";
  if (auto st = db.Exec(pragmas); !st) return std::move(st).error().Within(path.string());
  return db;
}

int Database::Changes() const { return sqlite3_changes(db_); }

Database::Database(Database&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    Close();
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}
Database::~Database() { Close(); }

void Database::Close() {
  if (db_ != nullptr) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Error Database::ErrorFor(std::string_view what) const {
  return Error::Local("database: " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr) != SQLITE_OK)
    return ErrorFor("cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
  return Statement(db_, stmt);
}

Status Database::Exec(std::string_view sql) {
  std::string s(sql);
  char* msg = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return Error::Local("database: " + m);
  }
  return {};
}

Status Database::Begin() { return Exec("BEGIN IMMEDIATE"); }
Status Database::Commit() { return Exec("COMMIT"); }
void Database::Rollback() { (void)Exec("ROLLBACK"); }

Result<std::int64_t> Database::UserVersion() {
  STACCS_ASSIGN(Statement st, Prepare("PRAGMA user_version"));
  STACCS_ASSIGN(bool row, st.Step());
  return row ? st.ColumnInt(0) : 0;
}

Result<std::string> Database::IntegrityCheck() {
  STACCS_ASSIGN(Statement st, Prepare("PRAGMA integrity_check"));
  std::string report;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    if (!report.empty()) report += "; ";
    report += st.ColumnText(0);
  }
  return report;
}

Result<Transaction> Transaction::Begin(Database& db) {
  STACCS_TRY(db.Begin());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) db_->Rollback();
}

Status Transaction::Commit() {
  Database* db = std::exchange(db_, nullptr);
  if (auto st = db->Commit(); !st) {
    db->Rollback();
    return st;
  }
  return {};
}

}  // namespace staccs::core
