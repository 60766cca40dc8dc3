#include "renofee/adapters/io/quote_output.hpp"

#include <Poco/JSON/Stringifier.h>

#include "renofee/adapters/io/json_text.hpp"

#include <Poco/JSON/Array.h>

#include <iomanip>
#include <sstream>
#include <vector>

namespace renofee::io {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr ordered() {
  return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string money_text(const Money& m, Language language) {
  std::string text = m.to_string();
  if (language == Language::nl) {
    // Dutch notation: thousands with '.', decimals with ','.
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) text.erase(0, 1);
    const std::size_t point = text.find('.');
    std::string integer = text.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
    for (int i = static_cast<int>(integer.size()) - 3; i > 0; i -= 3)
      integer.insert(static_cast<std::size_t>(i), ".");
    text = (negative ? "-" : "") + integer + (fraction.empty() ? "" : "," + fraction);
    return "€ " + text;
  }
  return "EUR " + text;
}

}  // namespace

void write_schedule_csv(const finance::Schedule& schedule, std::ostream& out) {
  out << "month,due_date,opening_balance,interest,principal,financing_payment,service_fee,total,closing_"
         "balance\n";
  for (const finance::ScheduleRow& row : schedule.rows) {
    out << row.month << ',' << calendar::to_string(row.due_date) << ',' << row.opening_balance.to_string()
        << ',' << row.interest.to_string() << ',' << row.principal.to_string() << ','
        << row.financing_payment.to_string() << ',' << row.service_fee.to_string() << ','
        << row.total.to_string() << ',' << row.closing_balance.to_string() << '\n';
  }
}

namespace {

// The warning of a quote whose tariff years miss the start year, in the reader's language.
std::string uncovered_start_text(const quote::Quote& q, Language language) {
  std::string ids;
  for (const quote::TariffYearQuote& t : q.tariff_years)
    ids += (ids.empty() ? "" : ", ") + t.tariff_id;
  const std::string year = std::to_string(q.uncovered_start_year.value_or(0));
  return language == Language::nl ? "de tariefjaren van deze offerte (" + ids + ") bevatten " + year +
                                        " niet, het jaar waarin het contract begint: de energierekeningen "
                                        "rekenen met de prijzen van "
                                        "die jaren en zijn voor " +
                                        year + " een indicatie"
                                  : "the tariff years of this quote (" + ids + ") do not include " + year +
                                        ", the year the contract starts: its energy bills use those years' "
                                        "prices and are indicative "
                                        "for " +
                                        year;
}

// The schedule and quote documents are written once, as a sequence of writer calls (the templates below);
// two writers turn the calls into output:
//   CompactWriter appends compact JSON text directly, without building a tree (the HTTP quote route;
//     docs/performance.md, "HTTP API");
//   TreeWriter builds the Poco object tree (key order as written) that to_json_text prints with or without
//     indentation (the CLI, the schedule route).
// Both give the same text through to_json_text (tests/adapters/io/json_text_test.cpp). Names are literals
// that need no escaping.
class CompactWriter {
 public:
  explicit CompactWriter(std::string& out) : out_(out) {}
  void begin_object() { open('{'); }
  void begin_object(std::string_view name) {
    this->name(name);
    open('{');
  }
  void end_object() { close('}'); }
  void begin_array(std::string_view name) {
    this->name(name);
    open('[');
  }
  void end_array() { close(']'); }
  void text(std::string_view name, std::string_view value) {
    this->name(name);
    append_json_quoted(out_, value);
  }
  void array_text(std::string_view value) {  // a string element of the open array
    separate();
    append_json_quoted(out_, value);
  }
  void decimal(std::string_view name, const Decimal& value) {  // decimal strings need no escaping
    this->name(name);
    out_ += '"';
    out_ += value.to_string();
    out_ += '"';
  }
  template <typename Unit>
  void decimal(std::string_view name, const Quantity<Unit>& value) {
    decimal(name, value.value());
  }
  void integer(std::string_view name, long long value) {
    this->name(name);
    out_ += std::to_string(value);
  }
  void boolean(std::string_view name, bool value) {
    this->name(name);
    out_ += value ? "true" : "false";
  }

 private:
  void separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void name(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  void open(char bracket) {
    if (!after_name()) separate();
    out_ += bracket;
    first_ = true;
  }
  void close(char bracket) {
    out_ += bracket;
    first_ = false;
  }
  bool after_name() const { return !out_.empty() && out_.back() == ':'; }

  std::string& out_;
  bool first_ = true;
};

class TreeWriter {
 public:
  // The outermost object, complete once its end_object() was called.
  [[nodiscard]] Object::Ptr root() const { return root_; }

  void begin_object() {  // the root, or an element of the open array
    Object::Ptr object = ordered();
    if (stack_.empty())
      root_ = object;
    else
      add({}, object);
    stack_.push_back(Frame{object, nullptr});
  }
  void begin_object(std::string_view name) {
    Object::Ptr object = ordered();
    add(name, object);
    stack_.push_back(Frame{object, nullptr});
  }
  void end_object() { stack_.pop_back(); }
  void begin_array(std::string_view name) {
    Array::Ptr array = new Array;
    add(name, array);
    stack_.push_back(Frame{nullptr, array});
  }
  void end_array() { stack_.pop_back(); }
  void text(std::string_view name, std::string_view value) { add(name, std::string(value)); }
  void array_text(std::string_view value) { add({}, std::string(value)); }
  void decimal(std::string_view name, const Decimal& value) { add(name, value.to_string()); }
  template <typename Unit>
  void decimal(std::string_view name, const Quantity<Unit>& value) {
    decimal(name, value.value());
  }
  void integer(std::string_view name, long long value) { add(name, static_cast<Poco::Int64>(value)); }
  void boolean(std::string_view name, bool value) { add(name, value); }

 private:
  struct Frame {
    Object::Ptr object;  // exactly one of the two is set
    Array::Ptr array;
  };
  void add(std::string_view name, const Poco::Dynamic::Var& value) {
    Frame& top = stack_.back();
    if (top.object)
      top.object->set(std::string(name), value);
    else
      top.array->add(value);
  }

  Object::Ptr root_;
  std::vector<Frame> stack_;
};

template <typename Writer>
void write_row_fields(Writer& w, const finance::ScheduleRow& row) {
  w.integer("month", row.month);
  w.text("due_date", calendar::to_string(row.due_date));
  w.decimal("opening_balance", row.opening_balance);
  w.decimal("interest", row.interest);
  w.decimal("principal", row.principal);
  w.decimal("financing_payment", row.financing_payment);
  w.decimal("service_fee", row.service_fee);
  w.decimal("total", row.total);
  w.decimal("closing_balance", row.closing_balance);
  if (!row.cap_reduction.is_zero()) w.decimal("cap_reduction", row.cap_reduction);
}

// The replacement plan (core/finance/replacement.hpp): {"reserve_monthly", "contributions", "replacements":
// [{"measure", "date", "cost", "reserve_before", "paid_from_reserve", "shortfall"}], "replacement_costs",
// "shortfall", "surplus", "prices": "today"}.
template <typename Writer>
void write_replacement(Writer& w, const finance::ReplacementPlan& p) {
  w.begin_object("replacement");
  w.decimal("reserve_monthly", p.monthly);
  w.decimal("contributions", p.contributions);
  w.begin_array("replacements");
  for (const finance::PlannedReplacement& r : p.replacements) {
    w.begin_object();
    w.text("measure", r.measure);
    w.text("date", calendar::to_string(r.on));
    w.decimal("cost", r.cost);
    w.decimal("reserve_before", r.reserve_before);
    w.decimal("paid_from_reserve", r.paid_from_reserve);
    w.decimal("shortfall", r.shortfall);
    w.end_object();
  }
  w.end_array();
  w.decimal("replacement_costs", p.replacement_costs);
  w.decimal("shortfall", p.shortfall);
  w.decimal("surplus", p.surplus);
  w.text("prices", "today");
  w.end_object();
}

template <typename Writer>
void write_totals(Writer& w, const finance::ScheduleTotals& t) {
  w.begin_object("totals");
  w.decimal("interest", t.interest);
  w.decimal("principal", t.principal);
  w.decimal("financing_payments", t.financing_payments);
  w.decimal("cost_of_credit", t.cost_of_credit);
  w.decimal("service_fees", t.service_fees);
  w.decimal("cap_reductions", t.cap_reductions);
  w.decimal("total_payable", t.total_payable);
  w.end_object();
}

template <typename Writer>
void write_schedule(Writer& w, const std::string& offer_id, const finance::Schedule& schedule) {
  w.begin_object();
  w.text("offer_id", offer_id);
  w.begin_array("rows");
  for (const finance::ScheduleRow& row : schedule.rows) {
    w.begin_object();
    write_row_fields(w, row);
    w.end_object();
  }
  w.end_array();
  write_totals(w, schedule.totals);
  w.end_object();
}

template <typename Writer>
void write_bill(Writer& w, std::string_view name, const tariffs::Bill& bill) {
  w.begin_object(name);
  w.text("tariff_id", bill.tariff_id);
  w.text("period", calendar::to_string(bill.period));
  w.boolean("netting", bill.netting);
  w.text("method", bill.method);
  w.decimal("billed_import_kwh", bill.billed_import);
  w.decimal("credited_export_kwh", bill.credited_export);
  w.begin_array("lines");
  for (const tariffs::BillLine& line : bill.lines) {
    w.begin_object();
    w.text("code", line.code);
    w.text("label", line.label);
    if (line.quantity) w.decimal("quantity", *line.quantity);
    if (!line.quantity_unit.empty()) w.text("unit", line.quantity_unit);
    if (line.unit_price) w.decimal("unit_price", *line.unit_price);
    w.decimal("amount", line.amount);
    w.boolean("taxable", line.taxable);
    w.end_object();
  }
  w.end_array();
  w.decimal("subtotal_excl_vat", bill.subtotal);
  w.decimal("vat", bill.vat);
  w.decimal("total", bill.total);
  w.end_object();
}

template <typename Writer>
void write_comparison(Writer& w, std::string_view name, const quote::EnergyComparison& c, bool with_bills) {
  w.begin_object(name);
  w.boolean("netting", c.netting);
  if (with_bills) {
    write_bill(w, "bill_before", c.before);
    write_bill(w, "bill_after", c.after);
  } else {
    w.decimal("bill_before_total", c.before.total);
    w.decimal("bill_after_total", c.after.total);
  }
  w.decimal("yearly_saving", c.yearly_saving);
  w.decimal("monthly_saving", c.monthly_saving);
  w.end_object();
}

template <typename Writer>
void write_affordability(Writer& w, const quote::TariffYearQuote& t) {
  w.begin_object("affordability");
  w.begin_object("woonlastenimpacttoets");
  w.decimal("monthly_fee", t.woonlasten.monthly_fee);
  w.decimal("monthly_saving", t.woonlasten.monthly_saving);
  w.decimal("headroom", t.woonlasten.headroom);
  w.boolean("passed", t.woonlasten.passed);
  w.end_object();
  w.begin_object("pays");
  w.decimal("monthly_fee", t.pays.monthly_fee);
  w.decimal("fee_limit", t.pays.fee_limit);
  w.boolean("fee_passed", t.pays.fee_passed);
  w.decimal("weighted_life_years", t.pays.weighted_life_years);
  w.integer("term_months", t.pays.term_months);
  w.decimal("term_limit_months", t.pays.term_limit_months);
  w.boolean("term_passed", t.pays.term_passed);
  w.boolean("passed", t.pays.passed);
  w.end_object();
  w.end_object();
}

// The EPV caps by date and who carries the reductions (rules issue, item 3).
template <typename Writer>
void write_epv(Writer& w, const quote::Quote& q) {
  w.begin_object("epv");
  w.begin_array("caps");
  for (const quote::EpvCap& cap : q.epv_caps) {
    w.begin_object();
    w.text("from", calendar::to_string(cap.from));
    w.decimal("rate_per_m2_month", cap.rate_per_m2_month);
    w.decimal("monthly_cap", cap.monthly_cap);
    w.text("source", cap.source);
    w.end_object();
  }
  w.end_array();
  w.decimal("cap_reductions", q.schedule.totals.cap_reductions);
  w.text("cap_reductions_carried_by",
         q.cap_reductions_carried_by ? std::string(to_string(*q.cap_reductions_carried_by)) : "landlord");
  w.end_object();
}

// What the reader must know before trusting the figures (docs/offers.md, "Warnings").
template <typename Writer>
void write_warnings(Writer& w, const quote::Quote& q) {
  w.begin_array("warnings");
  if (q.uncovered_start_year) {
    w.begin_object();
    w.text("code", "tariff_years_do_not_cover_start");
    w.text("detail", uncovered_start_text(q, Language::en));
    w.end_object();
  }
  for (const quote::TariffYearQuote& t : q.tariff_years) {
    if (t.projected.empty()) continue;
    w.begin_object();
    w.text("code", "tariff_year_projected");
    w.text("detail", "tariff year " + t.tariff_id +
                         " holds figures not published yet (projected); see "
                         "tariff_years[].projected for which and how");
    w.end_object();
  }
  w.end_array();
}

// Per tariff year: which figures are projected, the bills and the checks.
template <typename Writer>
void write_tariff_years(Writer& w, const quote::Quote& q) {
  w.begin_array("tariff_years");
  for (const quote::TariffYearQuote& t : q.tariff_years) {
    w.begin_object();
    w.text("tariff_id", t.tariff_id);
    w.integer("year", t.year);
    w.begin_array("projected");
    for (const quote::ProjectedFigures& p : t.projected) {
      w.begin_object();
      w.begin_array("figures");
      for (const std::string& figure : p.figures)
        w.array_text(figure);
      w.end_array();
      w.text("method", p.method);
      w.end_object();
    }
    w.end_array();
    write_comparison(w, "energy", t.as_tariff, true);
    write_comparison(w, "alternative", t.alternative, false);
    w.decimal("net_monthly_effect", t.net_monthly_effect);
    write_affordability(w, t);
    w.end_object();
  }
  w.end_array();
}

template <typename Writer>
void write_quote(Writer& w, const quote::Quote& q) {
  w.begin_object();
  w.text("offer_id", q.offer_id);
  w.decimal("principal", q.principal);
  if (q.epv_monthly_cap) {
    w.decimal("epv_monthly_cap", *q.epv_monthly_cap);
    write_epv(w, q);
  }

  const finance::FinancingTerms& f = q.schedule.input.financing;
  w.begin_object("financing");
  w.text("method", finance::to_string(f.method));
  w.text("rate_basis", finance::to_string(f.rate_basis));
  w.decimal("annual_rate", f.annual_rate);
  w.decimal("monthly_rate", q.schedule.rate.to_decimal(12, Rounding::half_even));
  w.integer("term_months", f.term_months);
  w.integer("grace_months", f.grace_months);
  w.text("rounding", to_string(f.rounding));
  w.decimal("regular_payment", q.schedule.regular_payment);
  w.begin_object("apr");
  w.decimal("annual_rate", q.apr.annual_rate);
  w.decimal("percent", q.apr.percent_one_decimal);
  w.decimal("percent_two_decimals", q.apr.percent_two_decimals);
  w.text("drawdown_date", calendar::to_string(q.drawdown_date));
  w.boolean("includes_service_fee", q.apr_terms.service_fee);
  w.end_object();
  w.end_object();

  w.begin_object("first_month");
  write_row_fields(w, q.fees.first_month);
  w.end_object();
  w.begin_array("fee_by_year");
  for (const finance::YearFee& fee : q.fees.fee_by_year) {
    w.begin_object();
    w.integer("year", fee.year);
    w.decimal("financing_payment", fee.financing_payment);
    w.decimal("service_fee", fee.service_fee);
    w.decimal("total", fee.total);
    w.end_object();
  }
  w.end_array();
  w.begin_object("tested_fee");
  w.integer("month", q.fees.tested_month);
  w.decimal("total", q.fees.tested_fee);
  w.end_object();
  write_totals(w, q.schedule.totals);
  write_replacement(w, q.replacement);

  write_warnings(w, q);
  write_tariff_years(w, q);
  w.end_object();
}

}  // namespace

Object::Ptr schedule_json(const std::string& offer_id, const finance::Schedule& schedule) {
  TreeWriter w;
  write_schedule(w, offer_id, schedule);
  return w.root();
}

Object::Ptr quote_json(const quote::Quote& q) {
  TreeWriter w;
  write_quote(w, q);
  return w.root();
}

std::string quote_json_text(const quote::Quote& q) {
  std::string out;
  out.reserve(8192);
  CompactWriter w(out);
  write_quote(w, q);
  return out;
}

void write_quote_text(const quote::Quote& q, Language language, std::ostream& out) {
  const bool nl = language == Language::nl;
  const auto money = [&](const Money& m) { return money_text(m, language); };
  const auto yes_no = [&](bool passed) {
    return std::string(passed ? (nl ? "voldoet" : "passes") : (nl ? "voldoet niet" : "fails"));
  };
  const finance::ScheduleRow& first = q.fees.first_month;
  out << (nl ? "Offerte " : "Quote ") << q.offer_id << '\n';
  if (q.uncovered_start_year)
    out << (nl ? "  Let op: " : "  Warning: ") << uncovered_start_text(q, language) << '\n';
  out << (nl ? "  Financieringsbedrag:      " : "  Principal:                ") << money(q.principal) << '\n';
  out << (nl ? "  Maandbedrag maand 1:      " : "  Monthly fee, month 1:     ") << money(first.total) << " ("
      << (nl ? "financiering " : "financing ") << money(first.financing_payment) << ", "
      << (nl ? "servicekosten " : "service ") << money(first.service_fee) << ")\n";
  for (const finance::YearFee& fee : q.fees.fee_by_year) {
    out << (nl ? "  Maandbedrag in jaar " : "  Monthly fee in year ") << std::left << std::setw(6) << fee.year
        << money(fee.total) << '\n';
  }
  if (q.epv_monthly_cap) {
    out << (nl ? "  EPV-maximum per maand:    " : "  EPV cap per month:        ") << money(*q.epv_monthly_cap)
        << '\n';
    for (std::size_t i = 1; i < q.epv_caps.size(); ++i)
      out << (nl ? "    vanaf " : "    from ") << calendar::to_string(q.epv_caps[i].from) << ": "
          << money(q.epv_caps[i].monthly_cap) << '\n';
    const bool landlord = q.cap_reductions_carried_by != quote::CapReductionsCarrier::provider;
    out << (nl ? "  Boven het EPV-maximum:    " : "  Above the EPV cap:        ")
        << money(q.schedule.totals.cap_reductions)
        << (nl ? (landlord ? " over de looptijd, voor rekening van de verhuurder\n"
                           : " over de looptijd, voor rekening van de aanbieder\n")
               : (landlord ? " over the term, carried by the landlord\n"
                           : " over the term, carried by the provider\n"));
  }
  out << (nl ? "  Jaarlijks kostenpercentage (JKP): " : "  APR (JKP):                ")
      << q.apr.percent_one_decimal.to_string() << "% (" << q.apr.percent_two_decimals.to_string() << "%)\n";
  out << (nl ? "  Totaal te betalen:        " : "  Total payable:            ")
      << money(q.schedule.totals.total_payable) << '\n';
  out << (nl ? "  Kosten van het krediet:   " : "  Total cost of credit:     ")
      << money(q.schedule.totals.cost_of_credit) << '\n';
  for (const quote::TariffYearQuote& t : q.tariff_years) {
    out << '\n'
        << (nl ? "  Energierekening " : "  Energy bill ") << t.year << " (" << t.tariff_id << ", "
        << (t.as_tariff.netting ? (nl ? "met saldering" : "with netting")
                                : (nl ? "zonder saldering" : "without netting"))
        << ")\n";
    if (!t.projected.empty())
      out << (nl ? "    prognose: deels nog niet gepubliceerd, geschat (zie het tarievenbestand)\n"
                 : "    projected: partly not published yet, estimated (see the tariff file)\n");
    out << (nl ? "    voor / na renovatie:    " : "    before / after:         ")
        << money(t.as_tariff.before.total) << " / " << money(t.as_tariff.after.total)
        << (nl ? " per jaar\n" : " a year\n");
    out << (nl ? "    besparing per maand:    " : "    saving per month:       ")
        << money(t.as_tariff.monthly_saving) << (nl ? " (" : " (")
        << (t.alternative.netting ? (nl ? "met saldering: " : "with netting: ")
                                  : (nl ? "zonder saldering: " : "without netting: "))
        << money(t.alternative.monthly_saving) << ")\n";
    out << (nl ? "    netto effect per maand: " : "    net effect per month:   ")
        << money(t.net_monthly_effect) << '\n';
    out << (nl ? "    woonlastenimpacttoets:  " : "    woonlastenimpacttoets:  ")
        << yes_no(t.woonlasten.passed) << '\n';
    out << (nl ? "    PAYS 80%/80%:           " : "    PAYS 80%/80%:           ") << yes_no(t.pays.passed)
        << '\n';
  }
}

std::string batch_quote_line(std::int64_t line, const quote::Quote& quote) {
  return "{\"line\":" + std::to_string(line) + ",\"quote\":" + quote_json_text(quote) + '}';
}

std::string batch_error_line(std::int64_t line, const std::vector<Error>& problems) {
  Object::Ptr out = ordered();
  out->set("line", line);
  Object::Ptr error = ordered();
  error->set("title",
             problems.size() == 1 ? problems.front().message : std::to_string(problems.size()) + " problems");
  error->set("problems", problems_json(problems));
  out->set("error", error);
  return to_json_text(out);
}

Poco::JSON::Array::Ptr problems_json(const std::vector<Error>& problems) {
  Array::Ptr list = new Array;
  for (const Error& e : problems) {
    Object::Ptr p = ordered();
    p->set("pointer", e.field);
    p->set("code", std::string(to_string(e.code)));
    p->set("detail", e.message);
    list->add(p);
  }
  return list;
}

namespace {

void append_json(const Poco::Dynamic::Var& value, std::string& out);

void append_object(const Object& object, std::string& out) {
  out += '{';
  bool first = true;
  for (const std::string& name : object.getNames()) {  // insertion order for ordered() objects
    if (!first) out += ',';
    first = false;
    out += json_quote(name);
    out += ':';
    append_json(object.get(name), out);
  }
  out += '}';
}

void append_json(const Poco::Dynamic::Var& value, std::string& out) {
  if (value.isEmpty()) {
    out += "null";
  } else if (value.type() == typeid(Object::Ptr)) {
    append_object(*value.extract<Object::Ptr>(), out);
  } else if (value.type() == typeid(Array::Ptr)) {
    const Array& array = *value.extract<Array::Ptr>();
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (i > 0) out += ',';
      append_json(array.get(static_cast<unsigned>(i)), out);
    }
    out += ']';
  } else if (value.type() == typeid(std::string)) {
    out += json_quote(value.extract<std::string>());
  } else if (value.type() == typeid(bool)) {
    out += value.extract<bool>() ? "true" : "false";
  } else if (value.isInteger()) {
    out += value.convert<std::string>();
  } else {  // anything else (no renofee writer produces it) as Poco writes it
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(value, text);
    out += text.str();
  }
}

}  // namespace

std::string to_json_text(const Object::Ptr& object, unsigned indent) {
  if (indent == 0) {
    // Compact output by hand: Poco's stream-based Stringifier was 28% of the CPU time of a POST /v1/quotes
    // (docs/performance.md, "HTTP API"); this writer appends to one string. Same text for what renofee
    // writes (strings, booleans, integers, null, objects, arrays; tests/adapters/io/json_text_test.cpp).
    std::string out;
    out.reserve(4096);
    append_object(*object, out);
    return out;
  }
  std::ostringstream out;
  object->stringify(out, indent);
  return out.str();
}

}  // namespace renofee::io
