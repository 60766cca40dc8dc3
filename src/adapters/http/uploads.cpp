#include "renofee/adapters/http/uploads.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "renofee/adapters/http/body_stream.hpp"
#include "renofee/adapters/http/problem.hpp"
#include "renofee/adapters/io/crypto.hpp"

namespace renofee::http {
namespace {

constexpr std::size_t spool_chunk = 64 * 1024;
constexpr std::size_t max_idempotency_key = 128;

Response spool_failure(const Request& request, const std::string& what) {
  return to_response(
      make_problem(503, "the upload could not be buffered (" + what + ")", request.request_id));
}

}  // namespace

std::variant<std::unique_ptr<SpooledBody>, Response> spool_body(const Request& request) {
  if (request.body_stream == nullptr) {
    return to_response(make_problem(500, "the server failed to answer this request", request.request_id));
  }
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return spool_failure(request, "no temporary directory");
  std::string pattern = (dir / "renofee-upload.XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return spool_failure(request, "cannot create a temporary file");
  auto spooled = std::make_unique<SpooledBody>();
  spooled->file.open(pattern, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
  unlink(pattern.c_str());  // the open handle keeps the data; the name is gone at once
  close(fd);
  if (!spooled->file) return spool_failure(request, "cannot open the temporary file");

  io::Sha256 hasher;
  std::vector<char> buffer(spool_chunk);
  while (true) {
    const std::size_t got = request.body_stream->read(buffer.data(), buffer.size());
    if (got == 0) break;
    const std::string_view piece(buffer.data(), got);
    hasher.update(piece);
    spooled->file.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    if (!spooled->file) return spool_failure(request, "the temporary file could not be written");
    spooled->bytes += static_cast<std::int64_t>(got);
  }
  if (const std::optional<Problem>& failure = request.body_stream->failure()) return to_response(*failure);
  spooled->file.flush();
  spooled->file.seekg(0);
  if (!spooled->file) return spool_failure(request, "the temporary file could not be read");
  spooled->sha256 = hasher.hex_digest();
  return spooled;
}

std::variant<std::optional<std::string>, Response> idempotency_key(const Request& request) {
  int count = 0;
  std::string value;
  for (const auto& [name, field] : request.headers.fields()) {
    if (equals_ignore_case(name, "Idempotency-Key")) {
      ++count;
      value = field;
    }
  }
  if (count == 0) return std::optional<std::string>();
  const auto bad = [&](const std::string& why) {
    return to_response(make_problem(400, "Idempotency-Key " + why, request.request_id));
  };
  if (count > 1) return bad("is given more than once");
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  if (value.empty() || value.size() > max_idempotency_key) return bad("must have 1..128 characters");
  const bool visible = std::all_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x21 && u <= 0x7E && c != '"' && c != '\\';
  });
  if (!visible) return bad("must be visible ASCII characters without quotes or backslashes");
  return std::optional<std::string>(value);
}

namespace {

bool success_status(int status) {
  return status >= 200 && status < 300;
}

// The answer to a request whose key is recorded already: the recorded answer again when it was this
// request, else 409.
Response replay_or_conflict(const Request& request, const std::string& idem, const std::string& fingerprint,
                            const app::IdempotencyRecord& record) {
  if (record.fingerprint != fingerprint) {
    return to_response(make_problem(409,
                                    "Idempotency-Key " + json_quote(idem) +
                                        " was used for another request; use a new key for new content",
                                    request.request_id));
  }
  Response replay = Response::text(record.status, record.content_type, record.body);
  replay.headers.set("Idempotent-Replayed", "true");
  return replay;
}

}  // namespace

Response idempotent(const Request& request, app::IdempotencyStore& store, const std::string& body_sha256,
                    calendar::Instant now, const std::function<Response(const RecordAnswer&)>& execute) {
  auto key = idempotency_key(request);
  if (auto* refused = std::get_if<Response>(&key)) return *refused;
  const std::optional<std::string>& idem = std::get<std::optional<std::string>>(key);
  if (!idem || !request.principal) {
    return execute([](const Response&) -> Result<void> { return success(); });
  }

  const std::string fingerprint =
      io::sha256_hex(request.method + "\n" + request.path + "\n" + request.raw_query + "\n" +
                     request.headers.get("Content-Type").value_or("") + "\n" + body_sha256);
  const std::string& scope = request.principal->key_id;
  Result<std::optional<app::IdempotencyRecord>> found = store.find(scope, *idem);
  if (!found) return to_response(problem_from_error(found.error(), request.request_id));
  if (*found) return replay_or_conflict(request, *idem, fingerprint, **found);

  bool recorded = false;  // the answer is stored (inside the write's transaction or after it)
  bool taken = false;     // a concurrent request with the same key recorded it first
  const RecordAnswer record = [&](const Response& answer) -> Result<void> {
    if (!success_status(answer.status)) return success();
    Result<void> saved = store.save(app::IdempotencyRecord{scope, *idem, fingerprint, answer.status,
                                                           answer.content_type, answer.body, now});
    if (saved) {
      recorded = true;
    } else if (saved.error().code == ErrorCode::already_exists) {
      taken = true;
    }
    return saved;
  };
  Response response = execute(record);
  if (!recorded && !taken && success_status(response.status)) {
    // Failures other than a taken key only lose the record, not the write: a retry is then answered by
    // the write's own idempotency (the upload log, the upsert).
    (void)record(response);
  }
  if (taken) {
    // The other request's write and ours were the same (same key and scope); ours was rolled back or did
    // nothing. Answer what the other one recorded, as a retry would get it.
    Result<std::optional<app::IdempotencyRecord>> winner = store.find(scope, *idem);
    if (winner && *winner) return replay_or_conflict(request, *idem, fingerprint, **winner);
  }
  return response;
}

}  // namespace renofee::http
