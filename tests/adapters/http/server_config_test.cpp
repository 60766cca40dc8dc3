// Test plan for server_config.hpp (environment and files injected, the process is untouched):
//   Defaults. Precedence table: for `threads` and `port`, each row sets some of file / environment / flag and
//   expects the highest one to win (flag > env > file > default); --config vs RENOFEE_CONFIG. Both flag
//   forms. Error table: unknown flag, missing value, not a number, out of range (both ends), unknown file key
//   and a line without '=' (with file:line), a missing config file, a bad bind address; each names its
//   source.
#include "renofee/adapters/http/server_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace renofee::http {
namespace {

struct Sources {
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> files;

  Result<ServerConfig> load(const std::vector<std::string>& args) const {
    return load_server_config(
        args,
        [this](const std::string& name) -> std::optional<std::string> {
          const auto it = env.find(name);
          return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
        },
        [this](const std::string& path) -> Result<std::string> {
          const auto it = files.find(path);
          if (it == files.end()) return not_found("cannot open \"" + path + "\"", path);
          return it->second;
        });
  }
};

TEST(ServerConfig, Defaults) {
  const Result<ServerConfig> config = Sources{}.load({});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->bind, "127.0.0.1");
  EXPECT_EQ(config->threads, 16);
  EXPECT_EQ(config->max_queued, 64);
  EXPECT_EQ(config->keep_alive_timeout_s, 5);
  EXPECT_EQ(config->receive_timeout_s, 10);
  EXPECT_EQ(config->header_timeout_s, 10);
  EXPECT_EQ(config->body_timeout_s, 30);
  EXPECT_EQ(config->min_body_rate, 16384);
  EXPECT_EQ(config->max_connections, 1024);
  EXPECT_EQ(config->max_idle_connections, 256);
  EXPECT_EQ(config->shutdown_timeout_s, 20);
  EXPECT_EQ(config->max_body_bytes, 1048576);
  EXPECT_EQ(config->port_file, "");
  EXPECT_EQ(config->openapi_file, "api/openapi.yaml");
}

TEST(ServerConfig, PrecedenceFlagThenEnvThenFileThenDefault) {
  struct Row {
    int line;
    std::optional<std::string> file_threads;
    std::optional<std::string> env_threads;
    std::optional<std::string> flag_threads;
    int threads;
  };
  const Row rows[] = {
      {__LINE__, std::nullopt, std::nullopt, std::nullopt, 16},
      {__LINE__, "3", std::nullopt, std::nullopt, 3},
      {__LINE__, "3", "5", std::nullopt, 5},
      {__LINE__, "3", "5", "7", 7},
      {__LINE__, std::nullopt, "5", "7", 7},
      {__LINE__, "3", std::nullopt, "7", 7},
      {__LINE__, std::nullopt, "5", std::nullopt, 5},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    Sources sources;
    std::vector<std::string> args = {"--config", "serve.conf"};
    sources.files["serve.conf"] = "# renofee\n\nport = 9000\n";
    if (row.file_threads) sources.files["serve.conf"] += "threads=" + *row.file_threads + "\n";
    if (row.env_threads) sources.env["RENOFEE_THREADS"] = *row.env_threads;
    if (row.flag_threads) args.push_back("--threads=" + *row.flag_threads);
    const Result<ServerConfig> config = sources.load(args);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->threads, row.threads);
    EXPECT_EQ(config->port, 9000);  // from the file in every row
  }
}

TEST(ServerConfig, ConfigFileFromEnvironmentAndPropertiesSyntax) {
  Sources sources;
  sources.env["RENOFEE_CONFIG"] = "/etc/renofee.properties";
  sources.files["/etc/renofee.properties"] =
      "! Poco/Java properties comment\n  bind : 0.0.0.0  \nmax_body_bytes=2048\nport_file = "
      "/run/renofee.port\n";
  sources.env["RENOFEE_PORT"] = "0";
  const Result<ServerConfig> config = sources.load({"--keep-alive-timeout", "2"});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config->bind, "0.0.0.0");
  EXPECT_EQ(config->max_body_bytes, 2048);
  EXPECT_EQ(config->port_file, "/run/renofee.port");
  EXPECT_EQ(config->port, 0);
  EXPECT_EQ(config->keep_alive_timeout_s, 2);

  // --config beats RENOFEE_CONFIG.
  sources.files["other.conf"] = "max_body_bytes = 99\n";
  const Result<ServerConfig> other = sources.load({"--config=other.conf"});
  ASSERT_TRUE(other.ok()) << other.error();
  EXPECT_EQ(other->max_body_bytes, 99);
  EXPECT_EQ(other->bind, "127.0.0.1");
}

TEST(ServerConfig, ConnectionDeadlinesAndBudgets) {
  Sources sources;
  sources.files["c.conf"] = "header_timeout = 3\nmax_idle_connections = 40\n";
  sources.env["RENOFEE_BODY_TIMEOUT"] = "7";
  const Result<ServerConfig> config =
      sources.load({"--config", "c.conf", "--max-connections=300", "--min-body-rate", "1000"});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config->header_timeout_s, 3);
  EXPECT_EQ(config->body_timeout_s, 7);
  EXPECT_EQ(config->min_body_rate, 1000);
  EXPECT_EQ(config->max_connections, 300);
  EXPECT_EQ(config->max_idle_connections, 40);
  const Result<ServerConfig> zero = sources.load({"--header-timeout", "0"});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().field, "--header-timeout");
}

TEST(ServerConfig, ErrorsNameTheirSource) {
  struct Row {
    int line;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::string file;  // contents of f.conf (used when args name it)
    const char* field;
    const char* message;
  };
  const Row rows[] = {
      {__LINE__, {"--prot", "1"}, {}, "", "--prot", "unknown option"},
      {__LINE__, {"8080"}, {}, "", "8080", "unknown option"},
      {__LINE__, {"--port"}, {}, "", "--port", "missing value"},
      {__LINE__, {"--port", "80a"}, {}, "", "--port", "not a whole number: \"80a\""},
      {__LINE__, {"--port", ""}, {}, "", "--port", "not a whole number"},
      {__LINE__, {"--port", "65536"}, {}, "", "--port", "65536 is outside 0..65535"},
      {__LINE__, {"--threads", "0"}, {}, "", "--threads", "0 is outside 1..1024"},
      {__LINE__, {"--max-body-bytes", "1073741825"}, {}, "", "--max-body-bytes", "outside 1..1073741824"},
      {__LINE__, {"--bind", "localhost"}, {}, "", "--bind", "not an IP address literal"},
      {__LINE__, {}, {{"RENOFEE_THREADS", "many"}}, "", "RENOFEE_THREADS", "not a whole number"},
      {__LINE__,
       {"--config", "f.conf"},
       {},
       "port = 1\nthreds = 2\n",
       "f.conf:2",
       "unknown setting \"threds\""},
      {__LINE__, {"--config", "f.conf"}, {}, "\n\nport 8080\n", "f.conf:3", "expected key = value"},
      {__LINE__, {"--config", "f.conf"}, {}, "threads = -1\n", "f.conf:1", "-1 is outside 1..1024"},
      {__LINE__, {"--config", "missing.conf"}, {}, "", "missing.conf", "cannot open"},
      {__LINE__, {"--port-file", ""}, {}, "", "--port-file", "empty value"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    Sources sources;
    sources.env = row.env;
    sources.files["f.conf"] = row.file;
    const Result<ServerConfig> config = sources.load(row.args);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().field, row.field);
    EXPECT_NE(config.error().message.find(row.message), std::string::npos) << config.error();
  }
}

TEST(ServerConfig, HelpListsEverySetting) {
  const std::string help = server_config_help();
  for (const char* flag :
       {"--port", "--bind", "--threads", "--max-queued", "--keep-alive-timeout", "--receive-timeout",
        "--shutdown-timeout", "--max-body-bytes", "--port-file", "--openapi-file", "--config"}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace renofee::http
