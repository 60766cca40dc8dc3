// `renofee campaign offers --template FILE [--template FILE ...] --homes FILE.csv --campaign NAME
//      --start YYYY-MM-DD --out DIR`
// `renofee campaign create --campaign ID --name TEXT --start YYYY-MM-DD [--db URL]`, `renofee campaign add
//      --campaign ID --homes FILE.csv [--templates DIR] [--db URL]` (prints one share link per home, once),
//      `renofee campaign link --campaign ID --number N` (a new share link for a lost letter),
//      `renofee campaign list [--db URL]` and `renofee campaign summary --campaign ID --db URL`: the campaigns
//      of the service (app/campaigns.hpp), made at the machine (actor "cli").
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
#include "database_open.hpp"
#include "renofee/adapters/db/sql_campaign_store.hpp"
#include "renofee/adapters/io/campaign_files.hpp"
#include "renofee/adapters/io/crypto.hpp"
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
    "                               --start YYYY-MM-DD [--format text|json] [--tariffs DIR]\n"
    "       renofee campaign create --campaign ID --name TEXT --start YYYY-MM-DD [--db URL]\n"
    "       renofee campaign add --campaign ID --homes FILE.csv [--templates DIR] [--tariffs DIR] [--db "
    "URL]\n"
    "       renofee campaign summary --campaign ID --db URL [--format text|json] [--tariffs DIR]\n"
    "       renofee campaign link --campaign ID --number N [--db URL]\n"
    "       renofee campaign list [--db URL]\n";

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Written {
  std::string id;
  std::string offer_json;
  std::string trace_json;
  const campaign::Home* home;
  Money investment;
  Money subsidies;
};

Money sum_of(const quote::Offer& offer, bool subsidies) {
  Money total = cents(0);
  if (subsidies) {
    for (const quote::Subsidy& s : offer.subsidies)
      total = total + s.amount;
  } else {
    for (const quote::Measure& m : offer.measures)
      total = total + m.cost;
  }
  return total;
}

Result<std::vector<Written>> derive_all(io::TemplateCatalog& templates,
                                        const std::vector<campaign::Home>& homes, const std::string& name,
                                        calendar::Date start) {
  std::vector<Written> out;
  for (const campaign::Home& home : homes) {
    const std::string id = name + "-" + campaign::address_key(home);
    RENOFEE_TRY(app::DerivedOffer d, templates.derive(home, id, start));
    out.push_back({id, std::move(d.offer_json), std::move(d.trace_json), &home, sum_of(d.offer, false),
                   sum_of(d.offer, true)});
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

std::optional<Decimal> income_of(const campaign::Home& home) {
  return home.income_band ? std::optional<Decimal>(home.income_band->midpoint()) : std::nullopt;
}

// Every home derived, its offer read and quoted one at a time, and only its summary figures kept: a campaign
// of 10,000 homes holds no offer documents (docs/performance.md, "Campaigns"). Groups under 5 homes show
// their count only (campaign/summary.hpp).
Result<std::vector<campaign::GroupSummary>> summary_of(io::TemplateCatalog& templates,
                                                       const std::string& homes_path, const std::string& name,
                                                       calendar::Date start, io::TariffDirectory& tariffs) {
  std::ifstream in(homes_path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + homes_path, "--homes");
  io::HomesReader reader(in);
  campaign::SummaryBuilder builder;
  for (;;) {
    RENOFEE_TRY(const std::optional<campaign::Home> home, reader.next());
    if (!home) return builder.finish();
    RENOFEE_TRY(const app::DerivedOffer d,
                templates.derive(*home, name + "-" + campaign::address_key(*home), start));
    Result<quote::Quote> q = app::quote_offer(d.offer, tariffs);
    if (!q)
      return Error{q.error().code, "row " + std::to_string(home->row) + ": " + q.error().message,
                   q.error().field};
    builder.add(campaign::home_figures(home->house_type, d.offer, *q, income_of(*home)));
  }
}

void print_summary(const std::vector<campaign::GroupSummary>& summary, const std::string& name,
                   const std::string& format, std::ostream& out) {
  if (format == "json") {
    out << io::to_json_text(io::summary_json(name, summary), 2) << '\n';
  } else {
    io::summary_text(summary, out);
  }
}

int fail_with(Streams& io, const std::string& what, const Error& e) {
  io.err << "renofee campaign " << what << ": " << describe(e) << '\n';
  return e.code == ErrorCode::invalid_argument ? 2 : 1;
}

// create, add, list and summary over the database (app/campaigns.hpp).
int stored_command(const std::string& what, const std::vector<std::string>& args, Streams& io) {
  std::unique_ptr<db::Database> database = open_database(args, io.err, "campaign " + what);
  if (!database) return 1;
  db::SqlCampaignStore store(*database);
  const std::string id = flag_value(args, "--campaign");
  if (what == "list") {
    const Result<std::vector<app::Campaign>> all = store.campaigns();
    if (!all) return fail_with(io, what, all.error());
    for (const app::Campaign& c : *all)
      io.out << c.id << ' ' << calendar::to_string(c.start) << ' ' << c.homes << " homes " << c.created_by
             << " \"" << c.name << "\"\n";
    return 0;
  }
  if (what == "create") {
    const Result<calendar::Date> start = calendar::parse_date(flag_value(args, "--start"));
    if (!start) return fail_with(io, what, invalid_argument("--start must be a date YYYY-MM-DD", "--start"));
    const Result<app::Campaign> made =
        app::create_campaign(store, {id, flag_value(args, "--name"), *start}, "cli", now_utc());
    if (!made) return fail_with(io, what, made.error());
    io.out << "campaign " << made->id << " created, offers start " << calendar::to_string(made->start)
           << '\n';
    return 0;
  }
  const Result<std::optional<app::Campaign>> found = store.find_campaign(id);
  if (!found) return fail_with(io, what, found.error());
  if (!*found) return fail_with(io, what, not_found("no campaign \"" + id + "\"", "--campaign"));
  if (what == "link") {
    const std::string n = flag_value(args, "--number");
    if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos)
      return fail_with(io, what, invalid_argument("--number is a home number 1..999999", "--number"));
    io::SystemKeyCrypto crypto;
    const Result<app::AddedHome> renewed =
        app::renew_share_link(store, crypto, **found, std::stoi(n), "cli", now_utc());
    if (!renewed) return fail_with(io, what, renewed.error());
    io.out << "/campaigns/" << id << "/homes/" << renewed->number << "?share=" << renewed->share_token
           << '\n';
    io.err << "a new share link for home " << renewed->number << " (" << renewed->postcode << ' '
           << renewed->house_number << "), shown only now; its previous links no longer work\n";
    return 0;
  }
  io::TariffDirectory tariffs(io::default_tariff_directory(flag_value(args, "--tariffs")));
  const Result<std::shared_ptr<io::TemplateCatalog>> templates =
      io::TemplateCatalog::load(io::default_template_directory(flag_value(args, "--templates")));
  if (!templates) return fail_with(io, what, templates.error());
  if (what == "summary") {
    const Result<std::vector<campaign::GroupSummary>> summary =
        app::campaign_summary(store, **templates, tariffs, **found);
    if (!summary) return fail_with(io, what, summary.error());
    print_summary(*summary, id, flag_value(args, "--format", "text"), io.out);
    return 0;
  }
  std::ifstream in(flag_value(args, "--homes"), std::ios::binary);
  if (!in)
    return fail_with(io, what, invalid_argument("cannot read " + flag_value(args, "--homes"), "--homes"));
  io::HomesReader reader(in);
  io::SystemKeyCrypto crypto;
  const Result<std::vector<app::AddedHome>> added = app::add_homes(
      store, **templates, tariffs, crypto,
      app::AddHomesInput{.campaign = &**found,
                         .next_home = [&reader]() { return reader.next(); },
                         .actor = "cli",
                         .now = now_utc(),
                         .progress = [&io](int done) { io.err << done << " homes quoted\n"; }});
  if (!added) return fail_with(io, what, added.error());
  io.out << "number,postcode,house_number,house_type,share_link\n";
  for (const app::AddedHome& h : *added)
    io.out << h.number << ',' << h.postcode << ',' << h.house_number << ',' << h.house_type << ",/campaigns/"
           << id << "/homes/" << h.number << "?share=" << h.share_token << '\n';
  io.err << added->size() << " homes added to campaign " << id
         << "; the share links above are shown only now: hand each to its home\n";
  return 0;
}

int campaign_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> rest =
      positional(args, {"--template", "--homes", "--campaign", "--start", "--out", "--format", "--tariffs",
                        "--db", "--name", "--templates", "--number"});
  const std::string name = flag_value(args, "--campaign");
  const std::string format = flag_value(args, "--format", "text");
  const std::string what = rest.size() == 1 ? rest[0] : std::string();
  const bool stored =
      what == "create" || what == "add" || what == "list" || what == "link" ||
      (what == "summary" && !flag_value(args, "--db").empty() && flag_values(args, "--template").empty());
  if (stored) {
    if ((what != "list" && name.empty()) || (what == "add" && flag_value(args, "--homes").empty()) ||
        (format != "text" && format != "json")) {
      io.err << usage;
      return 2;
    }
    return stored_command(what, args, io);
  }
  const bool offers = what == "offers";
  if ((what != "offers" && what != "summary") || flag_values(args, "--template").empty() ||
      flag_value(args, "--homes").empty() || name.empty() || (offers && flag_value(args, "--out").empty()) ||
      (format != "text" && format != "json")) {
    io.err << usage;
    return 2;
  }
  const auto fail = [&](const Error& e) { return fail_with(io, what, e); };
  if (name.size() > 40 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    return fail(invalid_argument("a campaign name is 1..40 characters of a-z, 0-9 and -", "--campaign"));
  const Result<calendar::Date> start = calendar::parse_date(flag_value(args, "--start"));
  if (!start) return fail(invalid_argument("--start must be a date YYYY-MM-DD", "--start"));
  const Result<std::shared_ptr<io::TemplateCatalog>> templates =
      io::TemplateCatalog::load_files(flag_values(args, "--template"));
  if (!templates) return fail(templates.error());
  if (!offers) {
    io::TariffDirectory tariffs(io::default_tariff_directory(flag_value(args, "--tariffs")));
    const Result<std::vector<campaign::GroupSummary>> summary =
        summary_of(**templates, flag_value(args, "--homes"), name, *start, tariffs);
    if (!summary) return fail(summary.error());
    print_summary(*summary, name, format, io.out);
    return 0;
  }
  const Result<std::string> csv = read_file(flag_value(args, "--homes"));
  if (!csv) return fail(csv.error());
  const Result<std::vector<campaign::Home>> homes = io::read_homes_csv(*csv);
  if (!homes) return fail(homes.error());
  const Result<std::vector<Written>> files = derive_all(**templates, *homes, name, *start);
  if (!files) return fail(files.error());
  const Result<void> written = write_all(*files, flag_value(args, "--out"));
  if (!written) return fail(written.error());
  for (const Written& w : *files) {
    io.out << w.id << ' ' << w.home->house_type << " investment " << w.investment.value().to_string()
           << " subsidies " << w.subsidies.value().to_string() << " use "
           << campaign::to_string(w.home->use_source) << '\n';
  }
  io.out << files->size() << " offers written to " << flag_value(args, "--out") << '\n';
  return 0;
}

const CommandRegistration registration{
    "campaign", "offers for every home of a street from its house type's template", campaign_command};

}  // namespace
}  // namespace renofee::cli
