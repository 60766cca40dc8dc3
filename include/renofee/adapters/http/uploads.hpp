// renofee/adapters/http/uploads.hpp
//
// Purpose: what every upload endpoint shares (docs/api.md "Uploads" and "Idempotency"):
//
// `spool_body` reads a streamed body (Request::body_stream) into an anonymous temporary file (created in
// $TMPDIR, unlinked at once, so it disappears with the handle, also on a crash) while computing its
// SHA-256, in 64 KiB pieces: memory stays flat whatever the size; disk use is bounded by the server's
// upload limit. A body that could not be read completely answers with the stream's problem (413, 408,
// 400) and nothing is acted on. The content hash is the upload log's idempotency key (app::ingest_readings).
//
// `idempotent` runs a write under the `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-
// header): without the header it just runs. With it, the key (1..128 visible ASCII characters, optionally
// as a quoted string; anything else, or the header twice, is a 400) is looked up in the caller's scope
// (its API key id):
//   - not seen: run; a 2xx answer is recorded with the request fingerprint = SHA-256 over method, path,
//     query, Content-Type and the body's SHA-256;
//   - seen with the same fingerprint: the recorded answer again (same status and body), marked with the
//     header `Idempotent-Replayed: true`; nothing runs;
//   - seen with another fingerprint: 409 conflict, nothing runs.
// Where the answer is recorded: `execute` gets a `RecordAnswer` and calls it with its answer inside its own
// write transaction, on the connection of `store` (the readings upload does, through
// IngestOptions::before_commit), so the write and the record commit together: a crash cannot leave the
// readings stored and the key unrecorded, and a retry then gets the first answer (201), not the upload
// log's "already imported" (200). A write that does not call it (the weather upsert, which gives the same
// answer when repeated; an upload whose content was already imported) has its 2xx answer recorded
// afterwards in a statement of its own.
// Concurrent requests with the same key: when the other one recorded the key first (already_exists while
// recording), this one's write has been rolled back or did nothing, and it answers what the other
// recorded (replayed), or 409 when that was another request.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "renofee/adapters/http/message.hpp"
#include "renofee/app/idempotency.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::http {

struct SpooledBody {
  std::fstream file;   // read position at the start
  std::string sha256;  // 64 lower-case hex digits
  std::int64_t bytes = 0;
};

// The spooled body, or the problem response that refuses the request.
std::variant<std::unique_ptr<SpooledBody>, Response> spool_body(const Request& request);

// The Idempotency-Key header value (quotes removed), nullopt without one, or the 400 response.
std::variant<std::optional<std::string>, Response> idempotency_key(const Request& request);

// Records `answer` under the request's key (nothing for a non-2xx answer or a request without a key).
using RecordAnswer = std::function<Result<void>(const Response& answer)>;

Response idempotent(const Request& request, app::IdempotencyStore& store, const std::string& body_sha256,
                    calendar::Instant now, const std::function<Response(const RecordAnswer&)>& execute);

}  // namespace renofee::http
