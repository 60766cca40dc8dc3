// renofee/core/base/result.hpp
//
// Purpose: `Result<T>`, a value or an `Error`, for operations that can fail on expected grounds (see
// error.hpp). It is `[[nodiscard]]`: ignoring a result is a compile error under -Werror. Accessing the value
// of a failed result (or the error of a successful one) is a broken invariant and throws `BadResultAccess`.
//
// Usage:
//   Result<Decimal> r = Decimal::parse(text);
//   if (!r) return r.error().at("/financing/principal");
//   Decimal d = *r;
// `RENOFEE_TRY(var, expr)` unwraps or returns the error from the enclosing function.
#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "renofee/core/base/error.hpp"

namespace renofee {

// Thrown only when code reads the wrong alternative of a Result: a programming error, never an input error.
class BadResultAccess : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is ambiguous");

 public:
  using value_type = T;

  Result(const T& value) : state_(std::in_place_index<0>, value) {}            // NOLINT: implicit by design
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(const Error& error) : state_(std::in_place_index<1>, error) {}        // NOLINT
  Result(Error&& error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  [[nodiscard]] const T& value() const& {
    if (!ok()) throw BadResultAccess("value() of a failed Result: " + describe(std::get<1>(state_)));
    return std::get<0>(state_);
  }
  [[nodiscard]] T& value() & {
    if (!ok()) throw BadResultAccess("value() of a failed Result: " + describe(std::get<1>(state_)));
    return std::get<0>(state_);
  }
  [[nodiscard]] T&& value() && {
    if (!ok()) throw BadResultAccess("value() of a failed Result: " + describe(std::get<1>(state_)));
    return std::get<0>(std::move(state_));
  }
  [[nodiscard]] const Error& error() const& {
    if (ok()) throw BadResultAccess("error() of a successful Result");
    return std::get<1>(state_);
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The value, or `fallback` when failed.
  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that produces no value.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(const Error& error) : error_(error), failed_(true) {}        // NOLINT
  Result(Error&& error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  [[nodiscard]] bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] const Error& error() const& {
    if (!failed_) throw BadResultAccess("error() of a successful Result");
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

inline Result<void> success() {
  return {};
}

}  // namespace renofee

#define RENOFEE_CONCAT_INNER(a, b) a##b
#define RENOFEE_CONCAT(a, b) RENOFEE_CONCAT_INNER(a, b)

// Declares `var` from the value of `expr` (a Result), or returns its error from the enclosing function.
// It expands to several statements: use it in a block, never as the body of a brace-less `if`.
#define RENOFEE_TRY(var, expr) RENOFEE_TRY_IMPL(RENOFEE_CONCAT(renofee_try_, __LINE__), var, expr)
#define RENOFEE_TRY_IMPL(tmp, var, expr) \
  auto tmp = (expr);                     \
  if (!tmp.ok()) return tmp.error();     \
  var = std::move(tmp).value()

// Returns the error of `expr` (a Result<void> or any Result) from the enclosing function when it failed.
#define RENOFEE_CHECK(expr)                                              \
  do {                                                                   \
    auto renofee_check_result = (expr);                                  \
    if (!renofee_check_result.ok()) return renofee_check_result.error(); \
  } while (false)
