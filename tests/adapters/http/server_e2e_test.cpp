// Test plan for server.hpp end to end (real sockets; label e2e):
//   An in-process Server on port 0 (2 threads, keep-alive 1 s, receive timeout 2 s, body limit 1000 bytes)
//   with the service routes plus test routes, driven by Poco's HTTPClientSession and by raw sockets for
//   requests a client library will not send:
//   health 200 with a generated request id; request id echo (sane kept, insane replaced); /metrics parsed
//   (counter of earlier requests, +Inf == _count, in-flight 1 while answering itself); 404 and 405 with
//   Allow; HEAD (Content-Length without body); 413 by Content-Length (body unread, connection closed) and by
//   a chunked body counted while read; 415; 408 for a client that stalls mid-body; a handler throwing
//   std::exception or a non-standard value answers 500 problem+json on a connection that stays usable;
//   keep-alive starvation: 6 concurrent keep-alive clients on 2 threads all get answers; graceful stop while
//   a slow request runs (it completes, later connections are refused).
//   Streamed uploads (Route::streams_body, upload limit 5000): a body is spooled whole with the SHA-256
//   python computes (and the connection stays usable); exactly at the limit it is read, over it by
//   Content-Length -> 413 at once; a chunked upload -> 411; a body cut short by the client -> 400 naming
//   the counts; a stalled upload -> 408; a refused upload (415) closes the connection.
//   The binary: `renofee serve --port 0 --port-file F` prints its line, answers, and on SIGTERM during a
//   request whose body is still arriving finishes that request and exits 0.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "renofee/adapters/http/server.hpp"
#include "renofee/adapters/http/service_routes.hpp"
#include "renofee/adapters/http/uploads.hpp"

extern char** environ;

namespace renofee::http {
namespace {

using namespace std::chrono_literals;

struct Reply {
  int status = 0;
  std::string body;
  Poco::Net::HTTPResponse headers;
};

struct TestServer {
  std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>();
  std::shared_ptr<std::vector<std::string>> log_lines = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::mutex> log_mutex = std::make_shared<std::mutex>();
  std::unique_ptr<Server> server;

  explicit TestServer(ServerConfig config = small_config()) {
    auto router = std::make_shared<Router>();
    Result<void> added = add_service_routes(*router, ServiceRoutes{metrics, {}, "openapi: 3.1.0\n"});
    EXPECT_TRUE(added.ok());
    const auto add = [&](Route route) { EXPECT_TRUE(router->add(std::move(route)).ok()); };
    add(Route{"POST",
              "/v1/echo",
              "echo",
              [](const Request& r) { return Response::text(200, "application/json", r.body); },
              {"application/json"}});
    add(Route{"POST",
              "/v1/upload",
              "upload",
              [](const Request& r) -> Response {
                auto spooled = spool_body(r);
                if (auto* refused = std::get_if<Response>(&spooled)) return *refused;
                const SpooledBody& body = *std::get<std::unique_ptr<SpooledBody>>(spooled);
                return Response::json(
                    201, "{\"bytes\":" + std::to_string(body.bytes) + ",\"sha256\":\"" + body.sha256 + "\"}");
              },
              {"text/csv"},
              Access::anyone(),
              true});
    add(Route{"GET", "/v1/throw", "throw",
              [](const Request&) -> Response { throw std::runtime_error("secret internals"); }});
    add(Route{"GET", "/v1/throw-int", "throw_int", [](const Request&) -> Response { throw 7; }});
    add(Route{"GET", "/v1/big", "big",
              [](const Request&) { return Response::text(200, "text/plain", std::string(16 << 20, 'b')); }});
    add(Route{"GET", "/v1/cached", "cached", [](const Request&) {
                Response response = Response::json(200, "{}");
                response.headers.set("Cache-Control", "max-age=60");
                return response;
              }});
    add(Route{"GET", "/v1/slow", "slow", [](const Request&) {
                std::this_thread::sleep_for(1s);
                return Response::json(200, R"({"slow":true})");
              }});
    server = std::make_unique<Server>(config, router, metrics,
                                      [sink = log_lines, m = log_mutex](const std::string& l) {
                                        std::lock_guard lock(*m);
                                        sink->push_back(l);
                                      });
    const Result<void> started = server->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : describe(started.error()));
  }

  static ServerConfig small_config() {
    ServerConfig config;
    config.port = 0;
    config.threads = 2;
    config.max_queued = 16;
    config.keep_alive_timeout_s = 1;
    config.receive_timeout_s = 2;
    config.header_timeout_s = 2;
    config.body_timeout_s = 5;
    config.shutdown_timeout_s = 5;
    config.max_body_bytes = 1000;
    config.max_upload_bytes = 5000;
    return config;
  }

  std::vector<std::string> logs() const {
    std::lock_guard lock(*log_mutex);
    return *log_lines;
  }
};

Reply exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
               const std::string& body = {}, const std::string& content_type = {},
               const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers)
    request.set(name, value);
  if (!content_type.empty()) request.setContentType(content_type);
  if (!body.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Reply reply;
  std::istream& in = session.receiveResponse(reply.headers);
  reply.status = reply.headers.getStatus();
  std::ostringstream text;
  text << in.rdbuf();
  reply.body = text.str();
  return reply;
}

Reply get(std::uint16_t port, const std::string& path) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  return exchange(session, "GET", path);
}

// Sends raw bytes and returns everything the server sends until it closes (or 5 s pass).
std::string raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds pause = 0ms,
                         const std::string& after_pause = {}) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  if (pause > 0ms) {
    std::this_thread::sleep_for(pause);
    if (!after_pause.empty()) socket.sendBytes(after_pause.data(), static_cast<int>(after_pause.size()));
  }
  std::string received;
  char buffer[4096];
  try {
    while (true) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      received.append(buffer, static_cast<std::size_t>(n));
    }
  } catch (const Poco::Exception&) {
    // timeout or reset: return what arrived
  }
  return received;
}

bool is_problem(const Reply& reply, int status) {
  return reply.status == status && reply.headers.getContentType() == "application/problem+json" &&
         reply.body.find("\"status\":" + std::to_string(status)) != std::string::npos &&
         reply.body.find("\"instance\":\"" + reply.headers.get("X-Request-Id", "?") + "\"") !=
             std::string::npos;
}

TEST(HttpServer, HealthAndGeneratedRequestId) {
  TestServer t;
  const Reply reply = get(t.server->port(), "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"status":"ok"})");
  EXPECT_EQ(reply.headers.getContentType(), "application/json");
  const std::string id = reply.headers.get("X-Request-Id", "");
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_NE(get(t.server->port(), "/healthz").headers.get("X-Request-Id", ""), id);
}

TEST(HttpServer, RequestIdEcho) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const Reply kept = exchange(session, "GET", "/nowhere", {}, {}, {{"X-Request-Id", "lb-7f3a:01.x_y"}});
  EXPECT_EQ(kept.headers.get("X-Request-Id", ""), "lb-7f3a:01.x_y");
  EXPECT_TRUE(is_problem(kept, 404)) << kept.body;
  const Reply replaced =
      exchange(session, "GET", "/healthz", {}, {}, {{"X-Request-Id", "evil\"id <script>"}});
  EXPECT_EQ(replaced.headers.get("X-Request-Id", "").size(), 32u);
  const Reply too_long =
      exchange(session, "GET", "/healthz", {}, {}, {{"X-Request-Id", std::string(129, 'a')}});
  EXPECT_EQ(too_long.headers.get("X-Request-Id", "").size(), 32u);
  // Each exchange is its own connection (Poco's client session does not keep alive), and a request is logged
  // after its answer is written, so the lines of the three requests may arrive in any order: find ours.
  std::string line;
  for (int wait = 0; wait < 200 && line.empty(); ++wait) {
    for (const std::string& logged : t.logs()) {
      if (logged.find(R"("request_id":"lb-7f3a:01.x_y")") != std::string::npos) line = logged;
    }
    if (line.empty()) std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(line.find(R"("request_id":"lb-7f3a:01.x_y","method":"GET","route":"unmatched")"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("status":404)"), std::string::npos);
}

TEST(HttpServer, MetricsExposition) {
  TestServer t;
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(get(t.server->port(), "/healthz").status, 200);
  EXPECT_EQ(get(t.server->port(), "/nope").status, 404);
  // A request is counted after its answer is written, and each get() is its own connection: wait (at most
  // 2 s) until the other requests' workers have counted them, then check every figure.
  Reply reply = get(t.server->port(), "/metrics");
  for (int wait = 0;
       wait < 200 && reply.body.find("renofee_http_requests_in_flight 1\n") == std::string::npos; ++wait) {
    std::this_thread::sleep_for(10ms);
    reply = get(t.server->port(), "/metrics");
  }
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.getContentType(), "text/plain; version=0.0.4; charset=utf-8");
  std::map<std::string, std::string> samples;  // series -> value
  std::istringstream lines(reply.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    samples[line.substr(0, space)] = line.substr(space + 1);
  }
  EXPECT_EQ(samples[R"(renofee_http_requests_total{route="healthz",method="GET",status="200"})"], "3");
  EXPECT_EQ(samples[R"(renofee_http_requests_total{route="unmatched",method="GET",status="404"})"], "1");
  EXPECT_EQ(samples[R"(renofee_http_request_duration_seconds_bucket{route="healthz",le="+Inf"})"], "3");
  EXPECT_EQ(samples[R"(renofee_http_request_duration_seconds_count{route="healthz"})"], "3");
  EXPECT_EQ(samples["renofee_http_requests_in_flight"], "1");  // the /metrics request itself
}

TEST(HttpServer, NotFoundMethodNotAllowedHeadOptions) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const Reply missing = exchange(session, "GET", "/v1/unknown");
  EXPECT_TRUE(is_problem(missing, 404)) << missing.body;
  EXPECT_NE(missing.body.find("https://renofee.example/problems/not-found"), std::string::npos);
  const Reply wrong = exchange(session, "DELETE", "/healthz");
  EXPECT_TRUE(is_problem(wrong, 405)) << wrong.body;
  EXPECT_EQ(wrong.headers.get("Allow", ""), "GET, HEAD, OPTIONS");
  const Reply head = exchange(session, "HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.getContentLength(), 15);
  EXPECT_EQ(head.body, "");
  const Reply options = exchange(session, "OPTIONS", "/v1/echo");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.headers.get("Allow", ""), "POST, OPTIONS");
  EXPECT_EQ(exchange(session, "GET", "/healthz").status, 200);  // same connection still fine
}

TEST(HttpServer, BodyLimitByContentLengthAnswersWithoutReading) {
  TestServer t;
  // Headers promise 5000 bytes; only 10 are sent. The 413 must come at once, not after a body or a timeout.
  const auto started = std::chrono::steady_clock::now();
  const std::string reply =
      raw_exchange(t.server->port(),
                   "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Content-Length: 5000\r\n\r\n0123456789");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
  EXPECT_NE(reply.find("Connection: Close"), std::string::npos) << reply;
  EXPECT_NE(reply.find("application/problem+json"), std::string::npos);
  EXPECT_NE(reply.find("exceeds 1000 bytes (Content-Length 5000)"), std::string::npos);

  // At the limit exactly it is accepted.
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const std::string body = "\"" + std::string(998, 'x') + "\"";
  const Reply ok = exchange(session, "POST", "/v1/echo", body, "application/json");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, body);
}

TEST(HttpServer, BodyLimitChunkedCountedWhileRead) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  Poco::Net::HTTPRequest request("POST", "/v1/echo", Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setChunkedTransferEncoding(true);
  std::ostream& out = session.sendRequest(request);
  out << std::string(1001, 'x');
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::ostringstream body;
  body << in.rdbuf();
  EXPECT_EQ(response.getStatus(), 413);
  EXPECT_NE(body.str().find("exceeds 1000 bytes"), std::string::npos) << body.str();

  // A chunked body within the limit is read whole.
  Poco::Net::HTTPClientSession again("127.0.0.1", t.server->port());
  Poco::Net::HTTPRequest small("POST", "/v1/echo", Poco::Net::HTTPMessage::HTTP_1_1);
  small.setContentType("application/json");
  small.setChunkedTransferEncoding(true);
  again.sendRequest(small) << "[1,2,3]";
  Poco::Net::HTTPResponse small_response;
  std::ostringstream echoed;
  echoed << again.receiveResponse(small_response).rdbuf();
  EXPECT_EQ(small_response.getStatus(), 200);
  EXPECT_EQ(echoed.str(), "[1,2,3]");
}

TEST(HttpServer, UnsupportedMediaType) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const Reply reply = exchange(session, "POST", "/v1/echo", "a,b\n", "text/csv");
  EXPECT_TRUE(is_problem(reply, 415)) << reply.body;
  EXPECT_EQ(exchange(session, "POST", "/v1/echo", "{}", "application/json; charset=utf-8").status, 200);
}

TEST(HttpServer, StalledBodyTimesOutWith408) {
  TestServer t;  // receive timeout 2 s
  const auto started = std::chrono::steady_clock::now();
  const std::string reply = raw_exchange(
      t.server->port(),
      "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n[1");
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408")) << reply;
  EXPECT_NE(reply.find("request-timeout"), std::string::npos);
  EXPECT_GE(waited, 1900ms);
  EXPECT_LT(waited, 4500ms);
}

// sha256(b"a" * 3000), python hashlib.
constexpr const char* sha_3000_a = "556ac82f23f64d2f41b3fb3b9a171791364021aa95c0af6df9e2b5e1d88c8038";

TEST(HttpServer, StreamedUploadIsSpooledWholeAndHashed) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const std::string expected = "{\"bytes\":3000,\"sha256\":\"" + std::string(sha_3000_a) + "\"}";
  const Reply by_length = exchange(session, "POST", "/v1/upload", std::string(3000, 'a'), "text/csv");
  EXPECT_EQ(by_length.status, 201);
  EXPECT_EQ(by_length.body, expected);
  EXPECT_EQ(exchange(session, "GET", "/healthz").status, 200);  // the connection carries on
  const Reply again = exchange(session, "POST", "/v1/upload", std::string(3000, 'a'), "text/csv");
  EXPECT_EQ(again.body, expected);
}

// A chunked body cut short looks complete to Poco 1.12: uploads must declare their length.
TEST(HttpServer, ChunkedUploadIsRefusedWith411) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  Poco::Net::HTTPRequest chunked("POST", "/v1/upload", Poco::Net::HTTPMessage::HTTP_1_1);
  chunked.setContentType("text/csv");
  chunked.setChunkedTransferEncoding(true);
  session.sendRequest(chunked) << std::string(1000, 'a');
  Poco::Net::HTTPResponse response;
  std::ostringstream body;
  body << session.receiveResponse(response).rdbuf();
  EXPECT_EQ(response.getStatus(), 411);
  EXPECT_NE(body.str().find("https://renofee.example/problems/length-required"), std::string::npos)
      << body.str();
  EXPECT_EQ(response.get("Connection", ""), "Close");
}

TEST(HttpServer, StreamedUploadLimit) {
  TestServer t;
  const auto started = std::chrono::steady_clock::now();
  const std::string declared = raw_exchange(
      t.server->port(),
      "POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 6000\r\n\r\n0123");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_TRUE(declared.starts_with("HTTP/1.1 413")) << declared;
  EXPECT_NE(declared.find("the upload exceeds 5000 bytes (Content-Length 6000)"), std::string::npos);
  EXPECT_NE(declared.find("Connection: Close"), std::string::npos);

  // At the limit exactly it is read whole.
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  const Reply at_limit = exchange(session, "POST", "/v1/upload", std::string(5000, 'a'), "text/csv");
  EXPECT_EQ(at_limit.status, 201);
  EXPECT_NE(at_limit.body.find("\"bytes\":5000"), std::string::npos) << at_limit.body;
}

TEST(HttpServer, StreamedUploadCutShortIs400AndStalledIs408) {
  TestServer t;
  {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", t.server->port()));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    const std::string head =
        "POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\n" +
        std::string(40, 'a');
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    socket.shutdownSend();  // the client stops after 40 of 100 bytes
    std::string reply;
    char buffer[4096];
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
      reply.append(buffer, static_cast<std::size_t>(n));
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
    EXPECT_NE(reply.find("the request body ended after 40 of 100 bytes"), std::string::npos) << reply;
  }
  const auto started = std::chrono::steady_clock::now();
  const std::string stalled = raw_exchange(
      t.server->port(),
      "POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\nabc");
  EXPECT_TRUE(stalled.starts_with("HTTP/1.1 408")) << stalled;
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1900ms);
}

TEST(HttpServer, RefusedUploadClosesTheConnection) {
  TestServer t;
  const std::string reply = raw_exchange(
      t.server->port(),
      "POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 10\r\n\r\n0123456789"
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 415")) << reply;
  EXPECT_NE(reply.find("Connection: Close"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos)
      << "a second request on a connection whose body was unread";
}

TEST(HttpServer, ThrowingHandlerAnswers500AndKeepsTheConnection) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  for (const char* path : {"/v1/throw", "/v1/throw-int"}) {
    SCOPED_TRACE(path);
    const Reply reply = exchange(session, "GET", path);
    EXPECT_TRUE(is_problem(reply, 500)) << reply.body;
    EXPECT_EQ(reply.body.find("secret"), std::string::npos);
    EXPECT_EQ(exchange(session, "GET", "/healthz").status, 200);  // the same connection answers again
  }
  bool logged = false;
  for (const std::string& line : t.logs()) {
    logged = logged || (line.find(R"("route":"throw")") != std::string::npos &&
                        line.find(R"("error":"secret internals")") != std::string::npos);
  }
  EXPECT_TRUE(logged);
}

// Idle keep-alive connections cost no worker (the front thread holds them): 6 clients that keep their
// connection open and idle on a server with 2 threads are all answered at once. Before the front thread,
// pairs of clients waited one keep-alive timeout each (1012, 1024, 2022, 2026 ms).
TEST(HttpServer, MoreKeepAliveClientsThanThreadsAllGetAnswers) {
  TestServer t;  // 2 threads, keep-alive timeout 1 s
  constexpr int clients = 6;
  std::vector<std::chrono::milliseconds> waited(clients, std::chrono::milliseconds::max());
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      try {
        Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
        session.setKeepAlive(true);
        session.setTimeout(Poco::Timespan(15, 0));
        if (exchange(session, "GET", "/healthz").status == 200) {
          waited[static_cast<std::size_t>(i)] = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - started);
        }
        std::this_thread::sleep_for(3s);  // hold the connection idle, as a pooled client does
      } catch (const Poco::Exception&) {
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  std::sort(waited.begin(), waited.end());
  EXPECT_LT(waited.back(), 700ms) << "slowest first answer";
  std::cerr << "[ keep-alive ] 6 clients on 2 threads, first answers after";
  for (const auto& ms : waited)
    std::cerr << ' ' << ms.count();
  std::cerr << " ms\n";
}

// The number of answers (status lines "HTTP/1.1 NNN") in what a raw client received.
int answers(const std::string& reply) {
  int n = 0;
  for (std::size_t at = reply.find("HTTP/1.1 "); at != std::string::npos;
       at = reply.find("HTTP/1.1 ", at + 1)) {
    if (at + 12 <= reply.size() && std::isdigit(static_cast<unsigned char>(reply[at + 9])) &&
        std::isdigit(static_cast<unsigned char>(reply[at + 10])) && reply[at + 12] == ' ') {
      ++n;
    }
  }
  return n;
}

// A request whose framing is ambiguous is a 400 problem and its connection is
// closed, so the bytes after it (here a hidden GET /metrics) are never read as a second request. Before,
// Poco answered the hidden request, gave 500 for Content-Length -1 and nothing at all for "abc".
TEST(HttpServer, AmbiguousFramingIs400AndClosesTheConnection) {
  TestServer t;
  const std::string hidden = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string post = "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  struct Row {
    int line;
    std::string bytes;
    std::string detail;
  };
  const Row rows[] = {
      {__LINE__, post + "Content-Length: 2\r\nContent-Length: 39\r\n\r\n{}" + hidden,
       "two Content-Length fields in one request"},
      {__LINE__, post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}" + hidden,
       "two Content-Length fields in one request"},
      {__LINE__, post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden,
       "Content-Length and Transfer-Encoding in one request"},
      {__LINE__, post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + hidden,
       "Transfer-Encoding must be"},
      {__LINE__, post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + hidden,
       "malformed chunked body: a chunk does not start with its hex size"},
      {__LINE__, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n" + hidden,
       "Content-Length must be 1..18 decimal digits"},
      {__LINE__, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n" + hidden,
       "Content-Length must be 1..18 decimal digits"},
      {__LINE__,
       "GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
       "two Authorization fields in one request"},
      {__LINE__, "GET /healthz HTTP/1.1\nHost: x\n\n" + hidden,
       "a bare CR or LF in the request head (lines end with CRLF)"},
      {__LINE__, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n" + hidden,
       "a folded header line (obs-fold) is not accepted"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const auto started = std::chrono::steady_clock::now();
    const std::string reply = raw_exchange(t.server->port(), row.bytes);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms) << "answered and closed at once";
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 Bad Request\r\n")) << reply;
    EXPECT_NE(reply.find("Content-Type: application/problem+json"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Connection: Close"), std::string::npos) << reply;
    EXPECT_NE(reply.find(row.detail), std::string::npos) << reply;
    EXPECT_EQ(answers(reply), 1) << reply;
    EXPECT_EQ(reply.find("renofee_http_requests_total"), std::string::npos) << "the hidden request ran";
  }
  EXPECT_EQ(get(t.server->port(), "/healthz").status, 200);
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  TestServer t;
  const std::string reply =
      raw_exchange(t.server->port(),
                   "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: one\r\n\r\n"
                   "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Transfer-Encoding: chunked\r\nX-Request-Id: two\r\n\r\n2\r\n[]\r\n0\r\n\r\n"
                   "GET /nowhere HTTP/1.1\r\nHost: x\r\nX-Request-Id: three\r\n"
                   "Connection: close\r\n\r\n");
  EXPECT_EQ(answers(reply), 3) << reply;
  const std::size_t one = reply.find("X-Request-Id: one");
  const std::size_t two = reply.find("X-Request-Id: two");
  const std::size_t three = reply.find("X-Request-Id: three");
  EXPECT_TRUE(one < two && two < three && three != std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\n\r\n[]HTTP/1.1 404"), std::string::npos) << reply;
}

// Every answer says Cache-Control: no-store unless its route chose otherwise.
TEST(HttpServer, CacheControlNoStoreOnEveryAnswer) {
  TestServer t;
  Poco::Net::HTTPClientSession session("127.0.0.1", t.server->port());
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/healthz"},
                                                        {"GET", "/metrics"},
                                                        {"GET", "/nowhere"},
                                                        {"DELETE", "/healthz"},
                                                        {"POST", "/v1/echo"},
                                                        {"GET", "/v1/throw"},
                                                        {"HEAD", "/healthz"},
                                                        {"OPTIONS", "/v1/echo"}}) {
    SCOPED_TRACE(method + " " + path);
    const Reply reply = exchange(session, method, path, method == "POST" ? "{}" : "",
                                 method == "POST" ? "application/json" : "");
    EXPECT_EQ(reply.headers.get("Cache-Control", "(none)"), "no-store");
  }
  EXPECT_EQ(exchange(session, "GET", "/v1/cached").headers.get("Cache-Control", "(none)"), "max-age=60");
  const std::string refused =
      raw_exchange(t.server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
  EXPECT_NE(refused.find("Cache-Control: no-store"), std::string::npos) << refused;
}

// Sends `at_once`, then `bytes` one byte every `every` until the server answers or closes, and returns
// what it sent back.
std::string dribble(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds every,
                    std::chrono::milliseconds* answered_after = nullptr, const std::string& at_once = {}) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  const auto started = std::chrono::steady_clock::now();
  std::string received;
  char buffer[4096];
  try {
    if (!at_once.empty()) socket.sendBytes(at_once.data(), static_cast<int>(at_once.size()));
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      socket.sendBytes(&bytes[i], 1);
      if (socket.poll(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(every).count()),
                      Poco::Net::Socket::SELECT_READ)) {
        break;
      }
    }
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
      received.append(buffer, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {
    // reset or timeout: return what arrived
  }
  if (answered_after != nullptr) {
    *answered_after =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  }
  return received;
}

// A head sent one byte at a time is cut at header_timeout (2 s here) with a 408,
// however often a byte arrives. Before, each byte restarted Poco's receive timeout.
TEST(HttpServer, DribblingHeadGets408AtTheHeaderDeadline) {
  TestServer t;
  std::chrono::milliseconds after{};
  const std::string reply = dribble(
      t.server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(40, 'p') + "\r\n\r\n",
      100ms, &after);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408")) << reply;
  EXPECT_NE(reply.find("the request head did not arrive within 2 s"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: Close"), std::string::npos) << reply;
  EXPECT_GE(after, 1900ms);
  EXPECT_LT(after, 3500ms);
}

// A body sent one byte at a time is cut at body_timeout + length / min_body_rate with a 408.
TEST(HttpServer, DribblingBodyGets408AtItsDeadline) {
  ServerConfig config = TestServer::small_config();
  config.body_timeout_s = 1;
  config.min_body_rate = 1000;  // 20 bytes: + 0 s
  TestServer t(config);
  std::chrono::milliseconds after{};
  const std::string head =
      "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 20\r\n\r\n";
  const std::string reply =
      dribble(t.server->port(), "\"" + std::string(18, 'b') + "\"", 150ms, &after, head);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408")) << reply;
  EXPECT_NE(reply.find("did not arrive within its deadline"), std::string::npos) << reply;
  EXPECT_GE(after, 900ms);
  EXPECT_LT(after, 2500ms) << "cut before the body was complete (20 bytes take 3 s)";
}

// Idle connections (never sending, and kept alive after a request) and dribbling ones
// take no worker, so on 2 threads every /healthz is still answered at once.
TEST(HttpServer, IdleAndDribblingClientsDoNotStopRequests) {
  TestServer t;  // 2 threads, 16 queued, header timeout 2 s
  const std::uint16_t port = t.server->port();
  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> idle;
  for (int i = 0; i < 40; ++i)
    idle.push_back(std::make_unique<Poco::Net::StreamSocket>(Poco::Net::SocketAddress("127.0.0.1", port)));
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> kept;
  for (int i = 0; i < 10; ++i) {
    kept.push_back(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port));
    kept.back()->setKeepAlive(true);
    EXPECT_EQ(exchange(*kept.back(), "GET", "/healthz").status, 200);
  }
  std::atomic<bool> done{false};
  std::vector<std::thread> dribblers;
  for (int i = 0; i < 5; ++i) {
    dribblers.emplace_back([&] {
      while (!done.load())
        (void)dribble(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(100, 'p'), 200ms);
    });
  }
  std::this_thread::sleep_for(300ms);
  std::chrono::milliseconds slowest{0};
  for (int i = 0; i < 20; ++i) {
    const auto started = std::chrono::steady_clock::now();
    Reply reply;
    try {
      reply = get(port, "/healthz");
    } catch (const Poco::Exception& e) {
      ADD_FAILURE() << "request " << i << ": " << e.displayText();
    }
    EXPECT_EQ(reply.status, 200) << "request " << i;
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - started));
    std::this_thread::sleep_for(50ms);
  }
  done.store(true);
  EXPECT_LT(slowest, 1000ms);
  std::cerr << "[ attack ] 40 idle, 10 kept-alive, 5 dribbling connections on 2 threads: slowest of 20 "
               "/healthz "
            << slowest.count() << " ms\n";
  for (std::thread& dribbler : dribblers)
    dribbler.join();
}

std::uint64_t closed_count(const Metrics& metrics, const std::string& reason) {
  const std::string text = metrics.exposition();
  const std::string series = "renofee_http_connections_closed_total{reason=\"" + reason + "\"} ";
  const std::size_t at = text.find(series);
  return at == std::string::npos ? 0 : std::stoull(text.substr(at + series.size()));
}

// A client that reads a 16 MiB answer 4 KiB at a time holds its worker at most receive_timeout + size /
// min_body_rate (here 2 s + 1 s), then the connection is closed. (On loopback the kernel's buffers let the
// silence bound, 2 s without room to write, fire first; which one does depends on the buffers, so only the
// bound is checked.)
TEST(HttpServer, SlowReaderDoesNotHoldAWorker) {
  ServerConfig config = TestServer::small_config();
  config.min_body_rate = 16 << 20;
  TestServer t(config);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
  socket.setReceiveBufferSize(4096);  // before connecting, so the advertised window stays small
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", t.server->port()));
  const std::string request = "GET /v1/big HTTP/1.1\r\nHost: x\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  const auto started = std::chrono::steady_clock::now();
  const auto logged = [&] {
    for (const std::string& line : t.logs()) {
      if (line.find(R"("route":"big")") != std::string::npos) return true;
    }
    return false;
  };
  char buffer[4096];
  while (!logged() && std::chrono::steady_clock::now() - started < 15s) {
    socket.setReceiveTimeout(Poco::Timespan(0, 100'000));
    try {
      (void)socket.receiveBytes(buffer, sizeof buffer);  // 4 KiB per 50 ms: never 2 s of silence
    } catch (const Poco::Exception&) {
    }
    std::this_thread::sleep_for(50ms);
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(logged()) << "the worker still writes after 15 s";
  EXPECT_GE(waited, 1900ms);
  EXPECT_LT(waited, 5s);
}

// True when the server closed (or reset) the connection within `wait`: an expected close gets seconds, so a
// loaded machine (ctest -j2 next to the ASan build) does not fail the test; an expected open connection is
// checked with the short default.
bool closed_by_server(Poco::Net::StreamSocket& socket, Poco::Timespan wait = Poco::Timespan(0, 100'000)) {
  char byte = 0;
  socket.setReceiveTimeout(wait);
  try {
    return socket.receiveBytes(&byte, 1) <= 0;
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Exception&) {
    return true;  // reset
  }
}

std::vector<std::unique_ptr<Poco::Net::StreamSocket>> open_idle(std::uint16_t port, int count) {
  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> sockets;
  for (int i = 0; i < count; ++i) {
    sockets.push_back(std::make_unique<Poco::Net::StreamSocket>(Poco::Net::SocketAddress("127.0.0.1", port)));
    std::this_thread::sleep_for(30ms);
  }
  std::this_thread::sleep_for(200ms);
  return sockets;
}

// max_idle_connections: the connections idle longest are closed first.
TEST(HttpServer, IdleBudgetClosesTheOldestIdleConnections) {
  ServerConfig config = TestServer::small_config();
  config.max_idle_connections = 3;
  TestServer t(config);
  auto idle = open_idle(t.server->port(), 5);
  EXPECT_TRUE(closed_by_server(*idle[0], Poco::Timespan(5, 0)));
  EXPECT_TRUE(closed_by_server(*idle[1], Poco::Timespan(5, 0)));
  EXPECT_FALSE(closed_by_server(*idle[2]));
  EXPECT_FALSE(closed_by_server(*idle[4]));
  EXPECT_EQ(closed_count(*t.metrics, "idle_budget"), 2u);
  EXPECT_EQ(get(t.server->port(), "/healthz").status, 200);
}

// max_connections: an accept over the budget makes room by closing the oldest idle connection, so a new
// client is still served.
TEST(HttpServer, ConnectionBudgetMakesRoomFromIdleConnections) {
  ServerConfig config = TestServer::small_config();
  config.max_connections = 3;
  TestServer t(config);
  auto idle = open_idle(t.server->port(), 3);
  EXPECT_EQ(get(t.server->port(), "/healthz").status, 200);
  EXPECT_TRUE(closed_by_server(*idle[0], Poco::Timespan(5, 0)));
  EXPECT_FALSE(closed_by_server(*idle[1]));
  EXPECT_EQ(closed_count(*t.metrics, "connection_budget"), 1u);
}

TEST(HttpServer, GracefulStopLetsTheSlowRequestFinish) {
  TestServer t;
  const std::uint16_t port = t.server->port();
  Reply slow;
  std::thread client([&] {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    slow = exchange(session, "GET", "/v1/slow");
  });
  std::this_thread::sleep_for(300ms);  // the handler is sleeping now
  EXPECT_TRUE(t.server->stop(5s));
  client.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, R"({"slow":true})");
  EXPECT_FALSE(slow.headers.getKeepAlive());  // Connection: close once stopping
  EXPECT_THROW(get(port, "/healthz"), Poco::Exception);
}

TEST(RenofeeServe, SigtermDuringARequestFinishesItAndExitsZero) {
  const std::string dir = ::testing::TempDir();
  const std::string port_file = dir + "renofee_serve_port_" + std::to_string(getpid());
  const std::string out_file = dir + "renofee_serve_out_" + std::to_string(getpid());
  std::remove(port_file.c_str());
  const std::string openapi = std::string(RENOFEE_SOURCE_DIR) + "/api/openapi.yaml";
  const std::string db = dir + "renofee_serve_" + std::to_string(getpid()) + ".db";
  std::vector<std::string> args = {RENOFEE_BINARY,   "serve", "--port",    "0", "--port-file", port_file,
                                   "--openapi-file", openapi, "--threads", "4", "--db",        db};
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, RENOFEE_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  int port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {  // up to 10 s for a loaded machine
    std::this_thread::sleep_for(50ms);
    std::ifstream in(port_file);
    in >> port;
  }
  ASSERT_GT(port, 0) << "no port file";
  EXPECT_EQ(get(static_cast<std::uint16_t>(port), "/healthz").status, 200);

  // A request whose body is still arriving when SIGTERM comes: it must be answered in full.
  std::string reply;
  std::thread client([&] {
    reply =
        raw_exchange(static_cast<std::uint16_t>(port),
                     "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234", 800ms, "56789");
  });
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  client.join();
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_NE(reply.find(R"({"status":"ok"})"), std::string::npos);
  EXPECT_NE(reply.find("Connection: Close"), std::string::npos);

  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::ifstream out(out_file);
  std::string line;
  std::getline(out, line);
  EXPECT_EQ(line, "renofee serving on http://127.0.0.1:" + std::to_string(port) + "/");
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((db + suffix).c_str());
}

}  // namespace
}  // namespace renofee::http
