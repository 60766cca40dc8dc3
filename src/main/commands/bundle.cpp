// `renofee bundle --contract ID --year Y [--version V] --out DIR [--db URL]`: writes the audit bundle of a
// settled contract-year (app/audit_bundle.hpp) into DIR, which must not exist yet or be empty, and says how
// to check it offline: `python3 scripts/verify_bundle.py DIR`. The latest report version unless --version.
#include <filesystem>
#include <fstream>
#include <ostream>

#include "../cli.hpp"
#include "contract_book.hpp"
#include "renofee/adapters/io/report_json.hpp"
#include "renofee/app/audit_bundle.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee bundle --contract ID --year Y [--version V] --out DIR [--db URL] [--tariffs DIR]\n";

std::optional<int> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(text);
}

// Writes the files under `dir` (created; it must not exist or be empty).
Result<void> write_bundle(const std::filesystem::path& dir, const std::vector<app::BundleFile>& files) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return already_exists(dir.string() + " exists and is not empty: give a new directory", "--out");
  }
  for (const app::BundleFile& f : files) {
    const std::filesystem::path path = dir / f.path;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return unavailable("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::ofstream out(path, std::ios::binary);
    out << f.bytes;
    out.close();
    if (!out) return unavailable("cannot write " + path.string());
  }
  return success();
}

int bundle_command(const std::vector<std::string>& args, Streams& io) {
  const std::string contract = flag_value(args, "--contract");
  const std::optional<int> year = whole_number(flag_value(args, "--year"));
  const std::string version_text = flag_value(args, "--version");
  const std::optional<int> version =
      version_text.empty() ? std::optional<int>(0) : whole_number(version_text);
  const std::string out_dir = flag_value(args, "--out");
  if (!positional(args, {"--contract", "--year", "--version", "--out", "--db", "--tariffs"}).empty() ||
      contract.empty() || !year || !version || out_dir.empty()) {
    io.err << usage;
    return 2;
  }
  std::unique_ptr<ContractBook> book = open_contract_book(args, io.err, "bundle");
  if (!book) return 1;
  Result<std::vector<app::StoredReport>> stored = book->book->report_versions(contract, *year);
  if (!stored) {
    io.err << "renofee bundle: " << stored.error() << '\n';
    return 1;
  }
  const app::StoredReport* chosen = stored->empty() ? nullptr : &stored->back();
  for (const app::StoredReport& r : *stored)
    if (*version != 0 && r.version == *version) chosen = &r;
  if (chosen == nullptr || (*version != 0 && chosen->version != *version)) {
    io.err << "renofee bundle: contract " << contract << " has no report of year " << *year
           << (*version != 0 ? " version " + version_text : std::string()) << '\n';
    return 1;
  }
  Result<app::ReconciliationReport> value = io::report_from_json(chosen->report_json);
  Result<std::vector<app::BundleFile>> files = value ? app::audit_bundle(*book->deps, *chosen, *value)
                                                     : Result<std::vector<app::BundleFile>>(value.error());
  Result<void> written = files ? write_bundle(out_dir, *files) : Result<void>(files.error());
  if (!written) {
    io.err << "renofee bundle: " << written.error() << '\n';
    return 1;
  }
  io.out << "audit bundle of contract " << contract << " year " << *year << " report version "
         << chosen->version << ": " << files->size() << " files in " << out_dir
         << "\ncheck it without renofee: python3 "
         << "scripts/verify_bundle.py " << out_dir << '\n';
  return 0;
}

const CommandRegistration registration{
    "bundle", "write the audit bundle of a settled year (verify it offline)", bundle_command};

}  // namespace
}  // namespace renofee::cli
