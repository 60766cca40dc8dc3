#include "renofee/adapters/io/camt053.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>
#include <Poco/XML/XMLString.h>

#include <algorithm>
#include <cctype>

namespace renofee::io {
namespace {

using collections::BankStatement;
using collections::BankTransaction;
using collections::Direction;
namespace xml = Poco::XML;

// The element children of `parent` with local name `name`, in order.
std::vector<xml::Element*> child_elements(const xml::Element* parent, std::string_view name) {
  std::vector<xml::Element*> out;
  if (parent == nullptr) return out;
  for (xml::Node* n = parent->firstChild(); n != nullptr; n = n->nextSibling()) {
    if (n->nodeType() == xml::Node::ELEMENT_NODE && n->localName() == name)
      out.push_back(static_cast<xml::Element*>(n));
  }
  return out;
}

// The first element along `path` ("Refs/EndToEndId"), or nullptr.
xml::Element* find_path(const xml::Element* from, std::string_view path) {
  const xml::Element* at = from;
  while (at != nullptr && !path.empty()) {
    const std::size_t slash = path.find('/');
    const std::vector<xml::Element*> next = child_elements(at, path.substr(0, slash));
    at = next.empty() ? nullptr : next.front();
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return const_cast<xml::Element*>(at);
}

std::string trimmed_text(const std::string& text) {
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  const auto begin = std::find_if_not(text.begin(), text.end(), space);
  const auto end = std::find_if_not(text.rbegin(), text.rend(), space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::string text_at(const xml::Element* from, std::string_view path) {
  const xml::Element* e = find_path(from, path);
  return e == nullptr ? std::string() : trimmed_text(e->innerText());
}

Error refused_at(const std::string& pointer, const std::string& message) {
  return invalid_argument(message, pointer);
}

// An EUR amount element: a positive decimal with at most two places.
Result<Money> amount_of(const xml::Element* amt, const std::string& pointer) {
  if (amt == nullptr) return refused_at(pointer, "the amount is missing");
  if (amt->getAttribute("Ccy") != "EUR") {
    return refused_at(pointer, "only euro amounts can be fees, not Ccy=\"" + amt->getAttribute("Ccy") + "\"");
  }
  const std::string text = trimmed_text(amt->innerText());
  Result<Decimal> value = Decimal::parse(text);
  if (!value || value->sign() <= 0 || value->scale() > 2) {
    return refused_at(pointer,
                      "an amount is a positive decimal with at most two places, not \"" + text + "\"");
  }
  // ISO 20022 amounts have at most 18 digits; a SEPA amount is at most 999,999,999.99 (EPC rulebooks). The
  // bound also keeps a file's sums far inside Decimal's range (found by the fuzz target bank_message).
  static const Decimal largest = Decimal::parse("999999999.99").value();
  Result<Decimal> cents_value = value->round_checked(2, Rounding::half_up);
  if (!cents_value || largest < *cents_value)
    return refused_at(pointer, "an amount is at most 999999999.99, not \"" + text + "\"");
  return Money(*cents_value);
}

Result<calendar::Date> booking_date(const xml::Element* entry, const std::string& pointer) {
  std::string text = text_at(entry, "BookgDt/Dt");
  if (text.empty()) text = text_at(entry, "BookgDt/DtTm").substr(0, 10);
  if (text.empty()) return refused_at(pointer + "/BookgDt", "a booked entry has a booking date");
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day) return refused_at(pointer + "/BookgDt", "the booking date " + text + " is not a date");
  return day;
}

bool booked(const xml::Element* entry) {
  const std::string status = text_at(entry, "Sts");
  return status == "BOOK" || text_at(entry, "Sts/Cd") == "BOOK";
}

// One transaction of a detail; `amount` is the detail's own amount, or the entry's for a lone detail.
BankTransaction transaction_of(const xml::Element* details, int entry, int detail, Direction direction,
                               Money amount, calendar::Date day) {
  BankTransaction t{entry, detail, direction, amount, day, "", "", "", ""};
  if (details == nullptr) return t;
  t.end_to_end_id = text_at(details, "Refs/EndToEndId");
  if (t.end_to_end_id == "NOTPROVIDED") t.end_to_end_id.clear();
  t.mandate_id = text_at(details, "Refs/MndtId");
  t.return_reason = text_at(details, "RtrInf/Rsn/Cd");
  for (const xml::Element* line : child_elements(find_path(details, "RmtInf"), "Ustrd")) {
    t.remittance += (t.remittance.empty() ? "" : " ") + trimmed_text(line->innerText());
  }
  return t;
}

Result<void> read_entry(const xml::Element* entry, int index, const std::string& pointer,
                        BankStatement& out) {
  RENOFEE_TRY(const Money total, amount_of(find_path(entry, "Amt"), pointer + "/Amt"));
  const std::string indicator = text_at(entry, "CdtDbtInd");
  if (indicator != "CRDT" && indicator != "DBIT")
    return refused_at(pointer + "/CdtDbtInd", "the indicator is CRDT or DBIT, not \"" + indicator + "\"");
  const Direction direction = indicator == "CRDT" ? Direction::credit : Direction::debit;
  RENOFEE_TRY(const calendar::Date day, booking_date(entry, pointer));
  std::vector<xml::Element*> details;
  for (const xml::Element* d : child_elements(entry, "NtryDtls")) {
    for (xml::Element* tx : child_elements(d, "TxDtls"))
      details.push_back(tx);
  }
  if (details.empty()) {
    out.transactions.push_back(transaction_of(nullptr, index, 0, direction, total, day));
    return success();
  }
  Money sum = cents(0);
  for (std::size_t i = 0; i < details.size(); ++i) {
    const std::string at = pointer + "/NtryDtls/TxDtls[" + std::to_string(i + 1) + "]";
    xml::Element* amt = find_path(details[i], "Amt");
    if (amt == nullptr) amt = find_path(details[i], "AmtDtls/TxAmt/Amt");
    Money amount = total;
    if (amt != nullptr || details.size() > 1) {
      RENOFEE_TRY(amount, amount_of(amt, at + "/Amt"));
    }
    sum = sum + amount;
    out.transactions.push_back(
        transaction_of(details[i], index, static_cast<int>(i + 1), direction, amount, day));
  }
  if (sum != total) {
    return refused_at(pointer + "/NtryDtls", "the details add up to " + sum.value().to_string() +
                                                 ", the entry says " + total.value().to_string());
  }
  return success();
}

Result<BankStatement> read_statement(const xml::Element* stmt, const std::string& message_id,
                                     const std::string& pointer) {
  BankStatement s{message_id, text_at(stmt, "Id"), text_at(stmt, "Acct/Id/IBAN"), {}};
  if (s.statement_id.empty()) return refused_at(pointer + "/Id", "a statement has an Id");
  if (s.account_iban.empty())
    return refused_at(pointer + "/Acct/Id/IBAN", "a statement names its account's IBAN");
  const std::string currency = text_at(stmt, "Acct/Ccy");
  if (!currency.empty() && currency != "EUR")
    return refused_at(pointer + "/Acct/Ccy", "the account is in EUR");
  int index = 0;
  for (const xml::Element* entry : child_elements(stmt, "Ntry")) {
    ++index;
    if (!booked(entry)) continue;
    RENOFEE_CHECK(read_entry(entry, index, pointer + "/Ntry[" + std::to_string(index) + "]", s));
  }
  return s;
}

bool has_doctype(std::string_view xml) {
  std::string upper(xml.substr(0, std::min<std::size_t>(xml.size(), 4096)));
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return upper.find("<!DOCTYPE") != std::string::npos || upper.find("<!ENTITY") != std::string::npos;
}

}  // namespace

Result<std::vector<BankStatement>> read_camt053(std::string_view xml) {
  if (has_doctype(xml) || xml.find("<!ENTITY") != std::string_view::npos)
    return refused_at("", "a bank statement has no DOCTYPE or entity declarations");
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  Poco::AutoPtr<Poco::XML::Document> doc;
  try {
    doc = parser.parseMemory(xml.data(), xml.size());
  } catch (const Poco::Exception& e) {
    return refused_at("", "not well-formed XML: " + e.displayText());
  }
  const xml::Element* root = doc->documentElement();
  const std::string ns = root == nullptr ? std::string() : root->namespaceURI();
  const bool statement = ns.rfind("urn:iso:std:iso:20022:tech:xsd:camt.053.", 0) == 0;
  const bool notification = ns.rfind("urn:iso:std:iso:20022:tech:xsd:camt.054.", 0) == 0;
  if (root == nullptr || root->localName() != "Document" || !(statement || notification)) {
    return refused_at(
        "", "not a camt.053 bank statement or camt.054 notification (document element " +
                (root == nullptr ? std::string("none") : root->localName() + " in namespace \"" + ns + "\"") +
                ")");
  }
  const std::string body_name = statement ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn";
  const std::string item = statement ? "Stmt" : "Ntfctn";
  const xml::Element* body = find_path(root, body_name);
  if (body == nullptr) return refused_at("/" + body_name, "the message is missing");
  const std::string message_id = text_at(body, "GrpHdr/MsgId");
  std::vector<BankStatement> out;
  int index = 0;
  for (const xml::Element* stmt : child_elements(body, item)) {
    RENOFEE_TRY(BankStatement s,
                read_statement(stmt, message_id, "/" + item + "[" + std::to_string(++index) + "]"));
    out.push_back(std::move(s));
  }
  if (out.empty()) return refused_at("/" + body_name + "/" + item, "the message holds no " + item);
  return out;
}

}  // namespace renofee::io
