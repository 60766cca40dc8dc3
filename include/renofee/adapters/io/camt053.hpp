// renofee/adapters/io/camt053.hpp
//
// Purpose: reading a bank-to-customer statement, ISO 20022 camt.053 (versions 001.02 to 001.08, the ones Dutch
// banks send in place of MT940), or a debit/credit notification, camt.054 (BkToCstmrDbtCdtNtfctn/Ntfctn: the
// same entries, sent during the day, e.g. for the returns of a direct-debit batch), into the booked transactions
// renofee matches against its collections (core/collections/bank_statement.hpp; docs/collections.md, "Bank
// statements in"). A notification is read as a statement: its Id, account and entries; pointers name
// "/Ntfctn[i]/..." instead of "/Stmt[i]/...".
//
// Read, per Stmt: Id, Acct/Id/IBAN (the account must be in EUR); per booked Ntry (Sts BOOK, or Sts/Cd BOOK
// from 001.08): Amt with Ccy EUR, CdtDbtInd (CRDT or DBIT), BookgDt/Dt (or DtTm); per TxDtls:
// Refs/EndToEndId (NOTPROVIDED counts as none), Refs/MndtId, the amount (TxDtls/Amt, or
// AmtDtls/TxAmt/Amt as in 001.02; the entry's amount when the entry has one detail without one), RtrInf/Rsn/Cd,
// RmtInf/Ustrd (lines joined by a space). Entries that are not booked (PDNG, INFO) are skipped. Everything else
// in the file is ignored.
//
// Refused as invalid_argument naming the element ("/Stmt[1]/Ntry[2]/Amt"), before anything is used: text that is
// not well-formed XML (with expat's line), any DOCTYPE (no DTD, so no entity expansion or external fetch), a
// document element other than a camt.053 or camt.054 Document, a currency other than EUR, an amount that is not a
// positive decimal of at most two places or is above 999,999,999.99 (the SEPA maximum), an indicator other than
// CRDT/DBIT, a booked entry without a booking date, and details whose amounts do not add up to their entry's.
#pragma once

#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/collections/bank_statement.hpp"

namespace renofee::io {

// Every statement (Stmt) of the document, in order, with the group header's MsgId.
Result<std::vector<collections::BankStatement>> read_camt053(std::string_view xml);

}  // namespace renofee::io
