// `renofee campaign offers --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME
//      --start YYYY-MM-DD --out DIR`
// Every home of the CSV gets the offer of its house type's template (core/campaign/template.hpp,
// adapters/io/template_json.hpp, docs/campaigns.md): DIR/<campaign>-<postcode>-<number>.json, an offer document
// that `renofee quote` and `renofee contract create` take as it is, and beside it .trace.json, every derived
// figure with the template rule that produced it. Deterministic: the same files in give the same bytes out.
// All or nothing: every home is derived and checked before the first file is written; an unknown house type,
// a rule that gives a negative amount, a duplicate address or a bad field is refused naming the row and field.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../cli.hpp"
#include "renofee/adapters/io/template_json.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee campaign offers --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME\n"
    "                               --start YYYY-MM-DD --out DIR\n";

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::map<std::string, io::TemplateDocument>> read_templates(const std::vector<std::string>& paths) {
  std::map<std::string, io::TemplateDocument> templates;
  for (const std::string& path : paths) {
    RENOFEE_TRY(const std::string text, read_file(path));
    Result<io::TemplateDocument> doc = io::parse_template_json(text);
    if (!doc) return Error{doc.error().code, path + ": " + doc.error().message, doc.error().field};
    const std::string id = doc->rules.id;
    if (!templates.emplace(id, std::move(*doc)).second)
      return invalid_argument(path + ": template " + id + " is given twice", "/template");
  }
  return templates;
}

struct Written {
  std::string id;
  std::string offer_json;
  std::string trace_json;
  const campaign::Home* home;
  campaign::Derived derived;
};

Result<std::vector<Written>> derive_all(const std::map<std::string, io::TemplateDocument>& templates,
                                        const std::vector<campaign::Home>& homes, const std::string& name,
                                        calendar::Date start) {
  std::vector<Written> out;
  for (const campaign::Home& home : homes) {
    const auto it = templates.find(home.house_type);
    if (it == templates.end()) {
      return not_found(
          "row " + std::to_string(home.row) + ": no template for house type '" + home.house_type + "'",
          "/house_type");
    }
    RENOFEE_TRY(campaign::Derived derived, campaign::derive(it->second.rules, home));
    const std::string id = name + "-" + campaign::address_key(home);
    RENOFEE_TRY(io::OfferDocument offer, io::home_offer(it->second, home, derived, id, start));
    out.push_back({id, offer.canonical_json, io::trace_json(derived.trace), &home, std::move(derived)});
  }
  return out;
}

Result<void> write_all(const std::vector<Written>& files, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return invalid_argument("cannot create " + dir.string() + ": " + ec.message(), "--out");
  for (const Written& w : files) {
    for (const auto& [suffix, text] :
         {std::pair{".json", &w.offer_json}, std::pair{".trace.json", &w.trace_json}}) {
      const std::filesystem::path final_path = dir / (w.id + suffix);
      const std::filesystem::path temp = dir / ("." + w.id + suffix + ".tmp");
      {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << *text << '\n';
        if (!out) return unavailable("cannot write " + temp.string());
      }
      std::filesystem::rename(temp, final_path, ec);
      if (ec) return unavailable("cannot write " + final_path.string() + ": " + ec.message());
    }
  }
  return {};
}

Money sum_of(const std::vector<quote::Measure>& measures) {
  Money total = cents(0);
  for (const quote::Measure& m : measures)
    total = total + m.cost;
  return total;
}

Money sum_of(const std::vector<quote::Subsidy>& subsidies) {
  Money total = cents(0);
  for (const quote::Subsidy& s : subsidies)
    total = total + s.amount;
  return total;
}

int campaign_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--template", "--homes", "--campaign", "--start", "--out"});
  const std::string name = flag_value(args, "--campaign");
  if (rest.size() != 1 || rest[0] != "offers" || flag_values(args, "--template").empty() ||
      flag_value(args, "--homes").empty() || name.empty() || flag_value(args, "--out").empty()) {
    io.err << usage;
    return 2;
  }
  const auto fail = [&](const Error& e) {
    io.err << "renofee campaign offers: " << describe(e) << '\n';
    return e.code == ErrorCode::invalid_argument ? 2 : 1;
  };
  if (name.size() > 40 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    return fail(invalid_argument("a campaign name is 1..40 characters of a-z, 0-9 and -", "--campaign"));
  const Result<calendar::Date> start = calendar::parse_date(flag_value(args, "--start"));
  if (!start) return fail(invalid_argument("--start must be a date YYYY-MM-DD", "--start"));
  const Result<std::map<std::string, io::TemplateDocument>> templates =
      read_templates(flag_values(args, "--template"));
  if (!templates) return fail(templates.error());
  const Result<std::string> csv = read_file(flag_value(args, "--homes"));
  if (!csv) return fail(csv.error());
  const Result<std::vector<campaign::Home>> homes = io::read_homes_csv(*csv);
  if (!homes) return fail(homes.error());
  const Result<std::vector<Written>> files = derive_all(*templates, *homes, name, *start);
  if (!files) return fail(files.error());
  const Result<void> written = write_all(*files, flag_value(args, "--out"));
  if (!written) return fail(written.error());
  for (const Written& w : *files) {
    const Money cost = sum_of(w.derived.measures), subsidies = sum_of(w.derived.subsidies);
    io.out << w.id << ' ' << w.home->house_type << " investment " << cost.value().to_string() << " subsidies "
           << subsidies.value().to_string() << " use " << campaign::to_string(w.derived.use_source) << '\n';
  }
  io.out << files->size() << " offers written to " << flag_value(args, "--out") << '\n';
  return 0;
}

const CommandRegistration registration{
    "campaign", "offers for every home of a street from its house type's template", campaign_command};

}  // namespace
}  // namespace renofee::cli
