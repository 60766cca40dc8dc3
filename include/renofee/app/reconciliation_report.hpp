// renofee/app/reconciliation_report.hpp
//
// Purpose: the reconciliation report of one contract-year as a value (docs/reconciliation.md, "The report"):
// which contract version was settled, the period, every input with the SHA-256 of the readings and weather
// days it rests on, each guarantee's result with its figures, the settlement and the report version.
// `app::reconcile` builds it; `report_document` turns it into the canonical JSON the stored bytes and their
// SHA-256 are (app/canonical_json.hpp), `io::report_from_json` reads those bytes back into the value, and the
// CSV (io) and HTML (http) renderings start from the value.
//
// Amounts: money in EUR, written with two decimals half_even (they are cents already); quantities in the unit
// of their channel (kWh, m3) or of the guarantee (`result.unit`). Instants are UTC; dates are local
// (Europe/Amsterdam), periods half-open [begin, end).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "renofee/app/canonical_json.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/metering/readings.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::app {

// The "schema" member of every report.
inline constexpr std::string_view reconciliation_report_schema = "renofee.reconciliation/1";

// The contract version the year was settled under.
struct ReportContract {
  std::string id;
  int version = 0;     // 1, 2, ...
  std::string sha256;  // of the contract version's canonical text
  calendar::Date effective_date;
  friend bool operator==(const ReportContract&, const ReportContract&) = default;
};

// The settled year (app/reconcile.hpp, SettledYear); the time zone is always Europe/Amsterdam.
struct ReportYear {
  int year = 0;                // as requested: contract-year number or calendar year
  bool calendar_year = false;  // "kind": "calendar" or "contract"
  int guarantee_year = 0;      // 1-based guarantee year index
  calendar::Period period;
  friend bool operator==(const ReportYear&, const ReportYear&) = default;
};

// One end of a channel's use: the reading there, or the value interpolated between two readings.
struct ReportBoundary {
  calendar::Instant at;  // UTC, whole seconds
  std::string meter_id;
  Decimal register_value;  // kWh or m3, 3 decimals
  bool estimated = false;  // interpolated
  friend bool operator==(const ReportBoundary&, const ReportBoundary&) = default;
};

// One channel of a metered input; its unit is metering::unit_of(channel), estimated when a boundary is.
struct ChannelUse {
  metering::Channel channel = metering::Channel::import_t1;
  std::int64_t readings = 0;    // readings of the channel in the period, both ends included
  std::string readings_sha256;  // of the readings (meter|channel|Unix seconds|value lines, time order)
  Decimal use;                  // end − start, exact (3 decimals)
  int meter_swaps = 0;
  ReportBoundary start;
  ReportBoundary end;
  [[nodiscard]] bool estimated() const noexcept { return start.estimated || end.estimated; }
  friend bool operator==(const ChannelUse&, const ChannelUse&) = default;
};

// The sum of a metered input's channels in their unit (kWh, or m3 for gas; guarantee::set_metered types it for
// the evaluation), estimated when any channel is.
struct MeteredTotal {
  Decimal value;
  bool estimated = false;
  friend bool operator==(const MeteredTotal&, const MeteredTotal&) = default;
};

// One metered guarantee input: the sum of its channels that have readings.
struct MeteredInput {
  std::vector<ChannelUse> channels;
  MeteredTotal total;
  friend bool operator==(const MeteredInput&, const MeteredInput&) = default;
};

// The weather of one station over the period, with the fill station's days when the guarantee names one.
struct WeatherInput {
  int station = 0;
  std::optional<int> fill_station;
  std::int64_t days = 0;  // days stored for the station in the period
  std::string days_sha256;
  std::optional<std::string> fill_days_sha256;  // present exactly when fill_station is
  std::int64_t filled_days = 0;                 // days taken from the fill station
  std::optional<DegreeDays> weighted_degree_days;
  std::optional<Irradiance> irradiance;  // J/cm2
  friend bool operator==(const WeatherInput&, const WeatherInput&) = default;
};

// The tariff year whose CBS average electricity price an EPV guarantee uses.
struct TariffInput {
  std::string id;  // "nl-2027"
  EurPerKwh cbs_average_price;
  friend bool operator==(const TariffInput&, const TariffInput&) = default;
};

struct ReportInputs {
  std::map<guarantee::Input, MeteredInput> metered;  // the metered inputs the guarantees needed
  std::map<int, WeatherInput> weather;               // by station
  std::optional<TariffInput> tariff;                 // only when a guarantee needed the CBS price
  friend bool operator==(const ReportInputs&, const ReportInputs&) = default;
};

// One guarantee's terms as the report repeats them, and its result (category follows from the kind).
struct ReportGuarantee {
  int term_years = 0;
  guarantee::Deadband deadband;
  std::optional<Money> yearly_cap;
  guarantee::GuaranteeResult result;
  friend bool operator==(const ReportGuarantee&, const ReportGuarantee&) = default;
};

struct ReportSettlement {
  Money gross_compensation;
  Money netting_offset;
  Money compensation;   // credited to the resident
  Money excess_charge;  // charged to the resident
  std::string rule;
  bool estimated = false;  // some guarantee result rests on an estimated reading
  friend bool operator==(const ReportSettlement&, const ReportSettlement&) = default;
};

// Version 1, or a correction naming the version it replaces and why (reason empty = null).
struct ReportVersion {
  int number = 1;
  std::optional<int> replaces;
  std::string reason;
  friend bool operator==(const ReportVersion&, const ReportVersion&) = default;
};

struct ReconciliationReport {
  ReportContract contract;
  ReportYear year;
  ReportInputs inputs;
  std::vector<ReportGuarantee> guarantees;  // in the contract's order
  ReportSettlement settlement;
  ReportVersion version;
  friend bool operator==(const ReconciliationReport&, const ReconciliationReport&) = default;
};

// The JSON document of a report; its canonical text (report_json) is what is stored and hashed. Member names
// and number formats are fixed: changing any of them changes every report's hash.
Json report_document(const ReconciliationReport& report);
Result<std::string> report_json(const ReconciliationReport& report);

// Inverses of guarantee::to_string(Status) and to_string(Input); invalid_argument for anything else.
Result<guarantee::Status> parse_status(std::string_view text);
Result<guarantee::Input> parse_input(std::string_view text);

}  // namespace renofee::app
