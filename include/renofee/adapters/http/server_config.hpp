// renofee/adapters/http/server_config.hpp
//
// Purpose: the settings of `renofee serve`, read from command-line flags, the environment and a config file,
// in that order of precedence (a flag beats an environment variable beats the file beats the default).
//
//   key                  flag                    environment                  default     range
//   port                 --port N                RENOFEE_PORT                 8080        0..65535 (0: any
//   free) bind                 --bind ADDR             RENOFEE_BIND                 127.0.0.1   an IPv4/IPv6
//   literal threads              --threads N             RENOFEE_THREADS              16          1..1024
//   max_queued           --max-queued N          RENOFEE_MAX_QUEUED           64          1..100000
//   keep_alive_timeout   --keep-alive-timeout S  RENOFEE_KEEP_ALIVE_TIMEOUT   5           1..3600 s
//   receive_timeout      --receive-timeout S     RENOFEE_RECEIVE_TIMEOUT      10          1..3600 s
//   header_timeout       --header-timeout S      RENOFEE_HEADER_TIMEOUT       10          1..3600 s
//   body_timeout         --body-timeout S        RENOFEE_BODY_TIMEOUT         30          1..3600 s
//   min_body_rate        --min-body-rate N       RENOFEE_MIN_BODY_RATE        16384       1..1073741824 B/s
//   max_connections      --max-connections N     RENOFEE_MAX_CONNECTIONS      1024        1..1000000
//   max_idle_connections --max-idle-connections N RENOFEE_MAX_IDLE_CONNECTIONS 256       1..1000000
//   shutdown_timeout     --shutdown-timeout S    RENOFEE_SHUTDOWN_TIMEOUT     20          1..3600 s
//   max_body_bytes       --max-body-bytes N      RENOFEE_MAX_BODY_BYTES       1048576     1..1073741824
//   max_upload_bytes     --max-upload-bytes N    RENOFEE_MAX_UPLOAD_BYTES     67108864    1..17179869184
//   port_file            --port-file PATH        RENOFEE_PORT_FILE            (none)
//   openapi_file         --openapi-file PATH     RENOFEE_OPENAPI_FILE         api/openapi.yaml
//   db                   --db URL                RENOFEE_DB                   renofee.db  SQLite file or
//                                                                                         postgresql:// URL
// `header_timeout` is the whole time a client has to send a request head (from accept, or from its first byte
// after an idle keep-alive wait); a body must arrive within body_timeout + its length / min_body_rate;
// `receive_timeout` bounds the silence while a body arrives and while an answer is written; an answer may
// take receive_timeout + its size / min_body_rate in all.
// `max_connections` bounds the open connections (an accept over it closes the oldest idle connection, or the
// new one when none idles); `max_idle_connections` bounds those idle between requests or not yet sending
// (the oldest goes first). docs/reliability.md "Connection handling".
// `max_body_bytes` bounds the bodies read into memory (JSON requests); `max_upload_bytes` bounds the
// streamed uploads (readings, weather files), which are spooled to a temporary file, never held in memory.
// The config file is named by --config FILE or RENOFEE_CONFIG. Its format is Java/Poco properties reduced to
// what we need: one `key = value` or `key: value` per line, blank lines and lines starting with '#' or '!'
// ignored, surrounding whitespace trimmed. An unknown key or flag, a bad number or a value out of range is an
// invalid_argument whose field names where it came from ("--threads", "RENOFEE_THREADS", "serve.conf:3").
// docs/reliability.md explains each limit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"

namespace renofee::http {

struct ServerConfig {
  int port = 8080;
  std::string bind = "127.0.0.1";
  int threads = 16;
  int max_queued = 64;
  int keep_alive_timeout_s = 5;
  int receive_timeout_s = 10;
  int header_timeout_s = 10;
  int body_timeout_s = 30;
  std::int64_t min_body_rate = 16384;
  int max_connections = 1024;
  int max_idle_connections = 256;
  int shutdown_timeout_s = 20;
  std::int64_t max_body_bytes = 1 << 20;
  std::int64_t max_upload_bytes = std::int64_t{64} << 20;
  std::string port_file;
  std::string openapi_file = "api/openapi.yaml";
  std::string db = "renofee.db";
};

// Reads an environment variable; injected so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// Reads a whole file; injected for the same reason. A missing file is a not_found-style error.
using FileReader = std::function<Result<std::string>(const std::string& path)>;

// The configuration from `args` (the arguments after "serve"), `env` and the config file.
Result<ServerConfig> load_server_config(const std::vector<std::string>& args, const EnvLookup& env,
                                        const FileReader& read_file);

// The process environment and the file system, for production use.
std::optional<std::string> process_env(const std::string& name);
Result<std::string> read_text_file(const std::string& path);

// One line per setting for `renofee serve --help`.
std::string server_config_help();

}  // namespace renofee::http
