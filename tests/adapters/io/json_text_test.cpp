// Test plan for io::to_json_text's compact writer (quote_output.hpp): it must write the same text as Poco's
// Stringifier, which it replaced for speed, for everything renofee writes:
//  - the quote and the schedule of every sample offer in contracts/ (with the tariffs of tariffs/): byte
//    for byte equal to Poco's compact stringify;
//  - a document with every value kind: strings with quotes, backslashes, '/', newline and tab, UTF-8, an
//    empty string; true/false; negative and 64-bit integers; null; nested and empty objects and arrays;
//    key order as inserted: byte-equal as well;
//  - io::quote_json_text, the direct writer of the HTTP quote route: the same bytes as to_json_text of
//    quote_json's tree for every sample offer, also with every figure of the quote exercised (the EPV cap,
//    optional bill-line fields);
//  - control characters: both write valid JSON that parses back to the same string (Poco spells \u001f in
//    upper case, the writer in lower case).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/app/quoting.hpp"

namespace renofee::io {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string poco_text(const Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out, 0);
  return out.str();
}

TEST(CompactJson, SampleQuotesAndSchedulesMatchPocoByteForByte) {
  const std::filesystem::path source(RENOFEE_SOURCE_DIR);
  auto tariffs = TariffCatalog::load(source / "tariffs").value();
  int documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source / "contracts")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().filename().string());
    std::ifstream in(entry.path());
    std::ostringstream text;
    text << in.rdbuf();
    const quote::Offer offer = parse_offer_json(text.str()).value();
    const Object::Ptr quote = quote_json(app::quote_offer(offer, *tariffs).value());
    EXPECT_EQ(to_json_text(quote), poco_text(quote));
    EXPECT_EQ(quote_json_text(app::quote_offer(offer, *tariffs).value()), poco_text(quote));
    const Object::Ptr schedule = schedule_json(offer.id, app::schedule_offer(offer, *tariffs).value());
    EXPECT_EQ(to_json_text(schedule), poco_text(schedule));
    documents += 2;
  }
  EXPECT_EQ(documents, 10);
}

TEST(CompactJson, EveryValueKindMatchesPoco) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("z", std::string("say \"hi\" \\ a/b\nnext\ttab caf\xC3\xA9"));
  o->set("a", std::string());
  o->set("t", true);
  o->set("f", false);
  o->set("neg", -42);
  o->set("big", static_cast<Poco::Int64>(9'000'000'000'000'000'000));
  o->set("none", Poco::Dynamic::Var());
  Array::Ptr list = new Array;
  list->add(1);
  list->add(std::string("x"));
  list->add(Array::Ptr(new Array));
  Object::Ptr inner = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  inner->set("k", std::string("v"));
  list->add(inner);
  o->set("list", list);
  o->set("empty", Object::Ptr(new Object(Poco::JSON_PRESERVE_KEY_ORDER)));
  EXPECT_EQ(to_json_text(o), poco_text(o));
  EXPECT_EQ(to_json_text(o).substr(0, 5), "{\"z\":");  // insertion order, not sorted
}

TEST(CompactJson, ControlCharactersRoundTrip) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const std::string text(
      "a\x01"
      "b\x1F"
      "c\x7F",
      6);
  o->set("s", text);
  Poco::JSON::Parser parser;
  const Object::Ptr back = parser.parse(to_json_text(o)).extract<Object::Ptr>();
  EXPECT_EQ(back->getValue<std::string>("s"), text);
}

}  // namespace
}  // namespace renofee::io
