// Expected failures as values: Error carries a typed code and a message meant
// for the person who caused it; Result<T> is a T or an Error.
//
// Use Result for bad input, not found, conflicts and exhausted capacity.
// Programmer bugs are assertions; library code never calls exit().
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fk {

enum class ErrorCode {
  kInvalidArgument,  // bad input: malformed, wrong type, out of range
  kNotFound,
  kConflict,
  kPermissionDenied,   // the acting user's role or scope does not allow it
  kResourceExhausted,  // too large for memory, capacity used up
  // The database cannot be reached now (a PostgreSQL server stopped,
  // restarting or unreachable): retry later.
  kUnavailable,
  kIo,
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // True when `message` is a database's own text (SQLite's or PostgreSQL's,
  // set by store/): for the server's log, never for the client, who gets
  // PublicMessage instead. Keep it when wrapping such an error.
  bool internal_text = false;
};

// The message to show the client: `message`, or for a database's own text a
// generic one by code: "the database refused the change" (invalid argument,
// conflict), "the database is busy; retry later" (resource exhausted),
// "the database is unavailable; retry later" (unavailable), "internal
// error" (the rest).
inline std::string_view PublicMessage(const Error& error) {
  if (!error.internal_text) return error.message;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConflict:
      return "the database refused the change";
    case ErrorCode::kResourceExhausted:
      return "the database is busy; retry later";
    case ErrorCode::kUnavailable:
      return "the database is unavailable; retry later";
    default:
      return "internal error";
  }
}

inline Error InvalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace fk
