#include "renofee/adapters/io/pain008.hpp"

#include <stdexcept>

#include "renofee/adapters/io/iso_timestamp.hpp"

namespace renofee::io {
namespace {

using collections::CollectionRun;
using collections::DirectDebit;
using collections::PaymentBatch;

// Appends indented XML lines.
class XmlLines {
 public:
  void open(std::string_view tag, std::string_view attributes = {}) {
    line("<" + std::string(tag) + std::string(attributes) + ">");
    ++depth_;
  }
  void close(std::string_view tag) {
    --depth_;
    line("</" + std::string(tag) + ">");
  }
  // Narrow contract: `text` is in the SEPA character set (build_collection_run checked it), which holds none of
  // the characters XML reserves in element content (& and <); anything else is a bug, refused loudly.
  void leaf(std::string_view tag, std::string_view text) {
    if (!collections::is_sepa_text(text)) throw std::invalid_argument("pain.008: text outside the SEPA set");
    line("<" + std::string(tag) + ">" + std::string(text) + "</" + std::string(tag) + ">");
  }
  void raw(const std::string& text) { line(text); }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void line(const std::string& text) {
    out_.append(static_cast<std::size_t>(2 * depth_), ' ');
    out_ += text;
    out_.push_back('\n');
  }
  std::string out_;
  int depth_ = 0;
};

// A financial institution: its BIC, or NOTPROVIDED.
void agent(XmlLines& x, std::string_view tag, const std::optional<std::string>& bic) {
  x.open(tag);
  x.open("FinInstnId");
  if (bic) {
    x.leaf("BIC", *bic);
  } else {
    x.open("Othr");
    x.leaf("Id", "NOTPROVIDED");
    x.close("Othr");
  }
  x.close("FinInstnId");
  x.close(tag);
}

void account(XmlLines& x, std::string_view tag, const std::string& iban) {
  x.open(tag);
  x.open("Id");
  x.leaf("IBAN", iban);
  x.close("Id");
  x.close(tag);
}

void party(XmlLines& x, std::string_view tag, const std::string& name) {
  x.open(tag);
  x.leaf("Nm", name);
  x.close(tag);
}

void transaction(XmlLines& x, const DirectDebit& d) {
  x.open("DrctDbtTxInf");
  x.open("PmtId");
  x.leaf("EndToEndId", d.end_to_end_id);
  x.close("PmtId");
  x.raw("<InstdAmt Ccy=\"EUR\">" + d.amount.value().to_string() + "</InstdAmt>");
  x.open("DrctDbtTx");
  x.open("MndtRltdInf");
  x.leaf("MndtId", d.mandate.mandate_id);
  x.leaf("DtOfSgntr", calendar::to_string(d.mandate.signed_on));
  x.close("MndtRltdInf");
  x.close("DrctDbtTx");
  agent(x, "DbtrAgt", std::nullopt);
  party(x, "Dbtr", d.mandate.debtor_name);
  account(x, "DbtrAcct", d.mandate.debtor_iban);
  if (!d.remittance.empty()) {
    x.open("RmtInf");
    x.leaf("Ustrd", d.remittance);
    x.close("RmtInf");
  }
  x.close("DrctDbtTxInf");
}

void payment_information(XmlLines& x, const CollectionRun& run, const PaymentBatch& batch) {
  x.open("PmtInf");
  x.leaf("PmtInfId", batch.payment_id);
  x.leaf("PmtMtd", "DD");
  x.leaf("BtchBookg", "true");
  x.leaf("NbOfTxs", std::to_string(batch.debits.size()));
  x.leaf("CtrlSum", batch.control_sum.value().to_string());
  x.open("PmtTpInf");
  x.open("SvcLvl");
  x.leaf("Cd", "SEPA");
  x.close("SvcLvl");
  x.open("LclInstrm");
  x.leaf("Cd", "CORE");
  x.close("LclInstrm");
  x.leaf("SeqTp", collections::to_code(batch.sequence));
  x.close("PmtTpInf");
  x.leaf("ReqdColltnDt", calendar::to_string(run.collection_date));
  party(x, "Cdtr", run.creditor.name);
  account(x, "CdtrAcct", run.creditor.iban);
  agent(x, "CdtrAgt", run.creditor.bic);
  x.leaf("ChrgBr", "SLEV");
  x.open("CdtrSchmeId");
  x.open("Id");
  x.open("PrvtId");
  x.open("Othr");
  x.leaf("Id", run.creditor.creditor_id);
  x.open("SchmeNm");
  x.leaf("Prtry", "SEPA");
  x.close("SchmeNm");
  x.close("Othr");
  x.close("PrvtId");
  x.close("Id");
  x.close("CdtrSchmeId");
  for (const DirectDebit& d : batch.debits)
    transaction(x, d);
  x.close("PmtInf");
}

}  // namespace

std::string pain008_xml(const CollectionRun& run) {
  XmlLines x;
  x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  x.open("Document", " xmlns=\"" + std::string(pain008_namespace) + "\"");
  x.open("CstmrDrctDbtInitn");
  x.open("GrpHdr");
  x.leaf("MsgId", run.message_id);
  x.leaf("CreDtTm", format_utc(run.created_at));
  x.leaf("NbOfTxs", std::to_string(run.transactions));
  x.leaf("CtrlSum", run.control_sum.value().to_string());
  party(x, "InitgPty", run.creditor.name);
  x.close("GrpHdr");
  for (const PaymentBatch& batch : run.batches)
    payment_information(x, run, batch);
  x.close("CstmrDrctDbtInitn");
  x.close("Document");
  return x.take();
}

}  // namespace renofee::io
