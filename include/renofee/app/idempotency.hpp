// renofee/app/idempotency.hpp
//
// Purpose: the storage port behind the `Idempotency-Key` request header (IETF
// draft-ietf-httpapi-idempotency-key-header): a client that retries a write with the same key gets the
// answer of the first attempt and the write happens once.
//
// A record is scoped to the API key that sent it (two clients may pick the same idempotency key without
// colliding) and holds the fingerprint of the request (SHA-256 over method, path, query, content type and
// body, computed by the HTTP adapter) and the response that was sent (status, media type, body).
//   - same scope + key + fingerprint  -> the stored response again, nothing is executed
//   - same scope + key, other fingerprint -> a conflict (the key was reused for another request)
// Only completed requests with a 2xx answer are recorded: a refused request (4xx) may be corrected and
// retried under the same key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::app {

struct IdempotencyRecord {
  std::string scope;        // the API key id of the caller
  std::string key;          // the Idempotency-Key header value
  std::string fingerprint;  // 64 hex digits
  int status = 0;
  std::string content_type;
  std::string body;
  calendar::Instant created_at;

  friend bool operator==(const IdempotencyRecord&, const IdempotencyRecord&) = default;
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual Result<std::optional<IdempotencyRecord>> find(std::string_view scope, std::string_view key) = 0;
  // Records a response; already_exists when (scope, key) is recorded already (a concurrent retry won).
  virtual Result<void> save(const IdempotencyRecord& record) = 0;
};

}  // namespace renofee::app
