// renofee/adapters/io/risk_output.hpp
//
// Purpose: a financier's book (app/portfolio_risk.hpp) as the output of `renofee portfolio risk` and of
// GET /v1/portfolio/risk: JSON, CSV and text. Rows are written one at a time as the use case hands them on (the
// command line spools them to a temporary file, so a book of 100,000 contracts never sits in memory; the API
// builds its response body in memory). The portfolio's years carry the degree days and irradiance of the
// book's first station (the lowest number) as `station`: the stress picks sum over every station. Amounts are decimal strings with 2
// decimals (EUR), years integers; the same book gives the same bytes on every backend and every run.
//
// JSON: {"parameters": {...}, "contracts": [row, ...], "portfolio": {...}}; a row is {"contract_id",
// "status", "next_guarantee_year", "last_guarantee_year", "expected_eur", "p50_eur", "p95_eur", "p99_eur",
// "worst_eur", "worst_year", "present_value_eur", "level_expected_eur", "service_fee_monthly_eur", "premium_monthly_eur", "annual_eur":
// [per weather year]} or,
// not modelled, {"contract_id", "status", "reason", "field"}.
// CSV: one header line and one line per contract (RFC 4180 quoting), then the line "(portfolio)".
#pragma once

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>

#include "renofee/app/portfolio_risk.hpp"

namespace renofee::io {

enum class RiskFormat { json, csv, text };

// What the book was computed with, as recorded in the output ("parameters").
Poco::JSON::Object::Ptr risk_parameters_json(const app::PortfolioRiskRequest& request);
Poco::JSON::Object::Ptr risk_row_json(const app::ContractRiskRow& row);
Poco::JSON::Object::Ptr risk_portfolio_json(const app::PortfolioRisk& risk);

// Streams one book: begin(), row() per contract, end(); `out` receives the bytes as they come.
class RiskWriter {
 public:
  RiskWriter(std::ostream& out, RiskFormat format, const app::PortfolioRiskRequest& request);
  void begin();
  void row(const app::ContractRiskRow& row);
  void end(const app::PortfolioRisk& risk);

 private:
  std::ostream& out_;
  RiskFormat format_;
  const app::PortfolioRiskRequest& request_;
  bool first_ = true;
};

}  // namespace renofee::io
