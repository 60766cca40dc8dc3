// `renofee campaign offers --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME
//      --start YYYY-MM-DD --out DIR`
// `renofee campaign summary ... [--format text|json] [--tariffs DIR]`: the same homes quoted and summed per house
// type and in total (core/campaign/summary.hpp; groups under 5 homes show their count only).
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

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "../cli.hpp"
#include "renofee/adapters/io/quote_output.hpp"
#include "renofee/adapters/io/tariff_directory.hpp"
#include "renofee/adapters/io/template_json.hpp"
#include "renofee/app/quoting.hpp"
#include "renofee/core/campaign/summary.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee campaign offers --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME\n"
    "                               --start YYYY-MM-DD --out DIR\n"
    "       renofee campaign summary --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME\n"
    "                               --start YYYY-MM-DD [--format text|json] [--tariffs DIR]\n";

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

// Every home derived, its offer read and quoted one at a time, and only its summary figures kept: a campaign
// of 10,000 homes holds no offer documents (docs/performance.md, "Campaigns"). Groups under 5 homes show
// their count only (campaign/summary.hpp).
Result<std::vector<campaign::GroupSummary>> summary_of(
    const std::map<std::string, io::TemplateDocument>& templates, const std::string& homes_path,
    const std::string& name, calendar::Date start, io::TariffDirectory& tariffs) {
  std::ifstream in(homes_path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + homes_path, "--homes");
  io::HomesReader reader(in);
  campaign::SummaryBuilder builder;
  for (;;) {
    RENOFEE_TRY(const std::optional<campaign::Home> home, reader.next());
    if (!home) return builder.finish();
    const auto it = templates.find(home->house_type);
    if (it == templates.end()) {
      return not_found(
          "row " + std::to_string(home->row) + ": no template for house type '" + home->house_type + "'",
          "/house_type");
    }
    RENOFEE_TRY(const campaign::Derived derived, campaign::derive(it->second.rules, *home));
    RENOFEE_TRY(const io::OfferDocument offer,
                io::home_offer(it->second, *home, derived, name + "-" + campaign::address_key(*home), start));
    Result<quote::Quote> q = app::quote_offer(offer.offer, tariffs);
    if (!q)
      return Error{q.error().code, "row " + std::to_string(home->row) + ": " + q.error().message,
                   q.error().field};
    builder.add(campaign::home_figures(home->house_type, derived, *q));
  }
}

Poco::JSON::Object::Ptr group_json(const campaign::GroupSummary& g) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("group", g.group);
  o->set("homes", g.homes);
  o->set("shown", g.shown);
  if (!g.shown) return o;
  Poco::JSON::Object::Ptr neutral = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [tariff, count] : g.woonlastenneutraal)
    neutral->set(tariff, count);
  o->set("woonlastenneutraal", neutral);
  o->set("investment", g.investment.value().to_string());
  o->set("subsidies", g.subsidies.value().to_string());
  o->set("principal", g.principal.value().to_string());
  o->set("gas_saved_m3", g.gas_saved_m3.to_string());
  o->set("electricity_change_kwh", g.electricity_change_kwh.to_string());
  o->set("co2_avoided_kg", g.co2_avoided_kg.round(0, Rounding::half_up).to_string());
  Poco::JSON::Object::Ptr effect = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  effect->set("lowest", g.net_monthly_effect.lowest.value().to_string());
  effect->set("p25", g.net_monthly_effect.p25.value().to_string());
  effect->set("median", g.net_monthly_effect.median.value().to_string());
  effect->set("p75", g.net_monthly_effect.p75.value().to_string());
  effect->set("highest", g.net_monthly_effect.highest.value().to_string());
  o->set("net_monthly_effect", effect);
  return o;
}

void group_text(const campaign::GroupSummary& g, std::ostream& out) {
  out << g.group << ": " << g.homes << " homes";
  if (!g.shown) {
    out << " (fewer than " << campaign::min_group << ": no figures shown)\n";
    return;
  }
  out << "\n  woonlastenneutraal:";
  for (const auto& [tariff, count] : g.woonlastenneutraal)
    out << ' ' << tariff << ' ' << count << " of " << g.homes;
  out << "\n  investment " << g.investment.value().to_string() << " EUR, subsidies "
      << g.subsidies.value().to_string() << " EUR, financed " << g.principal.value().to_string()
      << " EUR\n  gas saved " << g.gas_saved_m3.to_string() << " m3 a year, net electricity "
      << g.electricity_change_kwh.to_string() << " kWh a year, CO2 avoided "
      << g.co2_avoided_kg.round(0, Rounding::half_up).to_string()
      << " kg a year\n  net monthly effect (EUR): lowest " << g.net_monthly_effect.lowest.value().to_string()
      << ", P25 " << g.net_monthly_effect.p25.value().to_string() << ", median "
      << g.net_monthly_effect.median.value().to_string() << ", P75 "
      << g.net_monthly_effect.p75.value().to_string() << ", highest "
      << g.net_monthly_effect.highest.value().to_string() << '\n';
}

void print_summary(const std::vector<campaign::GroupSummary>& summary, const std::string& name,
                   const std::string& format, std::ostream& out) {
  if (format != "json") {
    for (const campaign::GroupSummary& g : summary)
      group_text(g, out);
    return;
  }
  Poco::JSON::Array::Ptr groups = new Poco::JSON::Array;
  for (const campaign::GroupSummary& g : summary)
    groups->add(group_json(g));
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("campaign", name);
  doc->set("co2_factors",
           "1.780 kg/m3 gas, 0.34 kg/kWh electricity (NTA 8800, klimapedia energievademecum bijlage 2)");
  doc->set("groups", groups);
  out << io::to_json_text(doc, 2) << '\n';
}

int campaign_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--template", "--homes", "--campaign", "--start", "--out", "--format", "--tariffs"});
  const std::string name = flag_value(args, "--campaign");
  const std::string format = flag_value(args, "--format", "text");
  const bool offers = !rest.empty() && rest[0] == "offers";
  if (rest.size() != 1 || (rest[0] != "offers" && rest[0] != "summary") ||
      flag_values(args, "--template").empty() || flag_value(args, "--homes").empty() || name.empty() ||
      (offers && flag_value(args, "--out").empty()) || (format != "text" && format != "json")) {
    io.err << usage;
    return 2;
  }
  const auto fail = [&](const Error& e) {
    io.err << "renofee campaign " << rest[0] << ": " << describe(e) << '\n';
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
  if (!offers) {
    io::TariffDirectory tariffs(io::default_tariff_directory(flag_value(args, "--tariffs")));
    const Result<std::vector<campaign::GroupSummary>> summary =
        summary_of(*templates, flag_value(args, "--homes"), name, *start, tariffs);
    if (!summary) return fail(summary.error());
    print_summary(*summary, name, format, io.out);
    return 0;
  }
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
