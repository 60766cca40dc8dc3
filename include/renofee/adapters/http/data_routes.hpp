// renofee/adapters/http/data_routes.hpp
//
// Purpose: the meter and weather data endpoints (api/openapi.yaml; docs/api.md):
//   POST /v1/contracts/{id}/readings        upload of register readings (auditor, financier)
//        Content-Type picks the parser: text/csv (CSV), application/x-ndjson or application/json (NDJSON,
//        one reading object per line), text/plain (DSMR P1 telegrams). The body is streamed to a spool file
//        (uploads.hpp) and then imported exactly as `renofee import readings` does: app::ingest_readings,
//        atomic (a bad row -> 422 naming its line, nothing stored; a reading that contradicts a stored one
//        -> 409) and idempotent by content (the same bytes again -> 200 "already_imported", nothing
//        changed). `?correction=true` lets conflicting values replace stored ones (recorded). 201 with the
//        upload's counts for a new upload. Idempotency-Key honoured.
//   POST /v1/weather                        a KNMI daily file, text/plain (auditor, operator): upserted per
//        station and day like `renofee import weather`; 200 with the station, period and counts.
//   GET  /v1/contracts/{id}/usage           ?from=&to=[&channel=][&granularity=total|day|month]
//        (financier, resident: own contract only, auditor): app::usage_report.
//   GET  /v1/weather/{station}/degree-days  ?from=&to= (financier, resident, auditor):
//        app::degree_day_report.
// A contract that does not exist or that the caller may not see is the one 404 (auth.hpp contract_access,
// app/tenancy.hpp), checked before anything else: an upload for it stores nothing and its body is not read. Query strings are strict: an
// unknown or repeated parameter is a 422 naming it. Handlers hold no business logic; storage is reached
// through `DataStores`, opened per request after the body is spooled (no connection is held while a slow
// client uploads).
// Metrics: renofee_readings_uploads_total{outcome="stored|already_imported|refused"},
// renofee_readings_rows_stored_total, renofee_weather_days_stored_total.
#pragma once

#include <functional>
#include <memory>

#include "renofee/adapters/http/metrics.hpp"
#include "renofee/adapters/http/router.hpp"
#include "renofee/app/contracts.hpp"
#include "renofee/app/idempotency.hpp"
#include "renofee/app/reading_store.hpp"
#include "renofee/app/report_store.hpp"
#include "renofee/app/weather_store.hpp"

namespace renofee::http {

// The stores one request works with. The reading, weather and idempotency stores must use one database connection: a readings upload records
// its Idempotency-Key answer through idempotency() inside the transaction of readings() (uploads.hpp).
class DataStores {
 public:
  virtual ~DataStores() = default;
  virtual app::ReadingStore& readings() = 0;
  virtual app::WeatherStore& weather() = 0;
  virtual app::IdempotencyStore& idempotency() = 0;
  // The contracts, for the tenancy check only (ContractStore::owner).
  virtual app::ContractStore& contracts() = 0;
  // The reports, for the settled years an upload may change (app::settled_periods).
  virtual app::ReportStore& reports() = 0;
};

struct DataRoutes {
  // Opens the stores for one request; unavailable (-> 503) when no connection can be had.
  std::function<Result<std::unique_ptr<DataStores>>()> open_stores;
  std::function<calendar::Instant()> clock;  // UTC now, whole seconds
  std::shared_ptr<Metrics> metrics;
};

Result<void> add_data_routes(Router& router, DataRoutes routes);

}  // namespace renofee::http
