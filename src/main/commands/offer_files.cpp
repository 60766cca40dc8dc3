#include "offer_files.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "renofee/adapters/io/offer_json.hpp"

namespace renofee::cli {

std::optional<io::OfferDocument> read_offer_document(const std::string& path, std::istream& in,
                                                     std::ostream& err, const std::string& command) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      err << "renofee " << command << ": cannot read " << path << '\n';
      return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << file.rdbuf();
    text = buffer.str();
  }
  std::vector<Error> problems;
  Result<io::OfferDocument> document = io::parse_offer_document(text, &problems);
  if (document) return std::move(document).value();
  err << "renofee " << command << ": " << path << ": " << problems.size() << " problem"
      << (problems.size() == 1 ? "" : "s") << '\n';
  for (const Error& problem : problems) {
    err << "  " << (problem.field.empty() ? "(document)" : problem.field) << ": " << to_string(problem.code)
        << ": " << problem.message << '\n';
  }
  return std::nullopt;
}

std::optional<quote::Offer> read_offer_file(const std::string& path, std::istream& in, std::ostream& err,
                                            const std::string& command) {
  std::optional<io::OfferDocument> document = read_offer_document(path, in, err, command);
  if (!document) return std::nullopt;
  return std::move(document->offer);
}

}  // namespace renofee::cli
