#include "renofee/adapters/http/server_config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace renofee::http {
namespace {

// One row per setting: how it is named in each source and how a text value is applied.
struct Setting {
  const char* key;
  const char* flag;
  const char* env;
  const char* help;
  std::function<Result<void>(ServerConfig&, const std::string& value, const std::string& where)> apply;
};

Result<std::int64_t> parse_integer(const std::string& text, std::int64_t min, std::int64_t max,
                                   const std::string& where) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return invalid_argument("not a whole number: \"" + text + "\"", where);
  }
  if (value < min || value > max) {
    return invalid_argument(text + " is outside " + std::to_string(min) + ".." + std::to_string(max), where);
  }
  return value;
}

template <typename T>
Setting integer_setting(const char* key, const char* flag, const char* env, const char* help,
                        T ServerConfig::*member, std::int64_t min, std::int64_t max) {
  return Setting{key, flag, env, help,
                 [member, min, max](ServerConfig& config, const std::string& value,
                                    const std::string& where) -> Result<void> {
                   RENOFEE_TRY(const std::int64_t number, parse_integer(value, min, max, where));
                   config.*member = static_cast<T>(number);
                   return success();
                 }};
}

Setting text_setting(const char* key, const char* flag, const char* env, const char* help,
                     std::string ServerConfig::*member) {
  return Setting{key, flag, env, help,
                 [member](ServerConfig& config, const std::string& value, const std::string& where) {
                   if (value.empty()) return Result<void>(invalid_argument("empty value", where));
                   config.*member = value;
                   return success();
                 }};
}

Result<void> apply_bind(ServerConfig& config, const std::string& value, const std::string& where) {
  // An address literal: digits, hex, '.', ':' (IPv6); host names are not resolved here.
  if (value.empty() || value.size() > 45 ||
      value.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) {
    return invalid_argument("not an IP address literal: \"" + value + "\"", where);
  }
  config.bind = value;
  return success();
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      integer_setting("port", "--port", "RENOFEE_PORT", "TCP port; 0 picks any free port",
                      &ServerConfig::port, 0, 65535),
      Setting{"bind", "--bind", "RENOFEE_BIND", "address to listen on", apply_bind},
      integer_setting("threads", "--threads", "RENOFEE_THREADS",
                      "worker threads (one per request being answered)", &ServerConfig::threads, 1, 1024),
      integer_setting("max_queued", "--max-queued", "RENOFEE_MAX_QUEUED",
                      "accepted connections waiting for a thread", &ServerConfig::max_queued, 1, 100000),
      integer_setting("keep_alive_timeout", "--keep-alive-timeout", "RENOFEE_KEEP_ALIVE_TIMEOUT",
                      "seconds an idle keep-alive connection holds its thread",
                      &ServerConfig::keep_alive_timeout_s, 1, 3600),
      integer_setting("receive_timeout", "--receive-timeout", "RENOFEE_RECEIVE_TIMEOUT",
                      "seconds a client may stay silent while sending a request",
                      &ServerConfig::receive_timeout_s, 1, 3600),
      integer_setting("header_timeout", "--header-timeout", "RENOFEE_HEADER_TIMEOUT",
                      "seconds a client has to send a whole request head", &ServerConfig::header_timeout_s, 1,
                      3600),
      integer_setting("body_timeout", "--body-timeout", "RENOFEE_BODY_TIMEOUT",
                      "seconds a request body may take, plus its length / min_body_rate",
                      &ServerConfig::body_timeout_s, 1, 3600),
      integer_setting("min_body_rate", "--min-body-rate", "RENOFEE_MIN_BODY_RATE",
                      "bytes per second a body must average beyond body_timeout",
                      &ServerConfig::min_body_rate, 1, std::int64_t{1} << 30),
      integer_setting("max_connections", "--max-connections", "RENOFEE_MAX_CONNECTIONS",
                      "open connections (idle ones are closed first to make room)",
                      &ServerConfig::max_connections, 1, 1000000),
      integer_setting("max_idle_connections", "--max-idle-connections", "RENOFEE_MAX_IDLE_CONNECTIONS",
                      "connections idle between requests (the oldest is closed first)",
                      &ServerConfig::max_idle_connections, 1, 1000000),
      integer_setting("shutdown_timeout", "--shutdown-timeout", "RENOFEE_SHUTDOWN_TIMEOUT",
                      "seconds in-flight requests get to finish after SIGTERM",
                      &ServerConfig::shutdown_timeout_s, 1, 3600),
      integer_setting("max_body_bytes", "--max-body-bytes", "RENOFEE_MAX_BODY_BYTES", "largest request body",
                      &ServerConfig::max_body_bytes, 1, std::int64_t{1} << 30),
      integer_setting("max_upload_bytes", "--max-upload-bytes", "RENOFEE_MAX_UPLOAD_BYTES",
                      "largest streamed upload (readings, weather files)", &ServerConfig::max_upload_bytes, 1,
                      std::int64_t{1} << 34),
      text_setting("port_file", "--port-file", "RENOFEE_PORT_FILE", "write the bound port to this file",
                   &ServerConfig::port_file),
      text_setting("openapi_file", "--openapi-file", "RENOFEE_OPENAPI_FILE", "the OpenAPI document served",
                   &ServerConfig::openapi_file),
      text_setting("db", "--db", "RENOFEE_DB", "database: SQLite file or postgresql:// URL",
                   &ServerConfig::db),
  };
  return table;
}

std::string trim(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// Parses the config file into key -> (value, "file:line").
Result<std::map<std::string, std::pair<std::string, std::string>>> parse_file(const std::string& path,
                                                                              const std::string& text) {
  std::map<std::string, std::pair<std::string, std::string>> values;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string where = path + ':' + std::to_string(number);
    const std::string content = trim(line);
    if (content.empty() || content.front() == '#' || content.front() == '!') continue;
    const std::size_t separator = content.find_first_of("=:");
    if (separator == std::string::npos)
      return invalid_argument("expected key = value: \"" + content + "\"", where);
    const std::string key = trim(content.substr(0, separator));
    bool known = false;
    for (const Setting& setting : settings())
      known = known || key == setting.key;
    if (!known) return invalid_argument("unknown setting \"" + key + "\"", where);
    values[key] = {trim(content.substr(separator + 1)), where};
  }
  return values;
}

}  // namespace

Result<ServerConfig> load_server_config(const std::vector<std::string>& args, const EnvLookup& env,
                                        const FileReader& read_file) {
  // Flags: --name value or --name=value; every argument must be a known flag.
  std::map<std::string, std::string> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (const std::size_t equals = name.find('='); equals != std::string::npos && name.starts_with("--")) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    bool known = name == "--config";
    for (const Setting& setting : settings())
      known = known || name == setting.flag;
    if (!known) return invalid_argument("unknown option \"" + name + "\"", name);
    if (!value) {
      if (i + 1 >= args.size()) return invalid_argument("missing value", name);
      value = args[++i];
    }
    flags[name] = *value;
  }

  ServerConfig config;
  std::optional<std::string> config_path;
  if (flags.contains("--config")) {
    config_path = flags["--config"];
  } else {
    config_path = env("RENOFEE_CONFIG");
  }
  if (config_path) {
    RENOFEE_TRY(const std::string text, read_file(*config_path));
    RENOFEE_TRY(const auto values, parse_file(*config_path, text));
    for (const Setting& setting : settings()) {
      if (const auto it = values.find(setting.key); it != values.end()) {
        RENOFEE_CHECK(setting.apply(config, it->second.first, it->second.second));
      }
    }
  }
  for (const Setting& setting : settings()) {
    if (const std::optional<std::string> value = env(setting.env)) {
      RENOFEE_CHECK(setting.apply(config, *value, setting.env));
    }
  }
  for (const Setting& setting : settings()) {
    if (const auto it = flags.find(setting.flag); it != flags.end()) {
      RENOFEE_CHECK(setting.apply(config, it->second, setting.flag));
    }
  }
  return config;
}

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open \"" + path + "\"", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string server_config_help() {
  std::string text = "  --config FILE              settings file (key = value lines); also RENOFEE_CONFIG\n";
  for (const Setting& setting : settings()) {
    std::string left = std::string("  ") + setting.flag + " V";
    if (left.size() < 29) left.append(29 - left.size(), ' ');
    text += left + setting.help + " (" + setting.env + ", file key " + setting.key + ")\n";
  }
  return text;
}

}  // namespace renofee::http
