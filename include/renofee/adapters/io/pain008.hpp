// renofee/adapters/io/pain008.hpp
//
// Purpose: a SEPA Core direct-debit collection run (core/collections/direct_debit.hpp) as an ISO 20022
// CustomerDirectDebitInitiation message, version pain.008.001.02: the version of the Dutch Payments
// Association's NL implementation guidelines for SEPA Direct Debit, which Dutch banks accept for creditor
// files (docs/collections.md, "SEPA direct debit").
//
// Layout (message definition pain.008.001.02, elements in the XSD's order): one GrpHdr (MsgId, CreDtTm, NbOfTxs,
// CtrlSum, InitgPty/Nm); one PmtInf per sequence type (PmtInfId, PmtMtd DD, BtchBookg true, NbOfTxs, CtrlSum,
// PmtTpInf SEPA/CORE/SeqTp, ReqdColltnDt, Cdtr, CdtrAcct, CdtrAgt, ChrgBr SLEV, CdtrSchmeId with the creditor
// identifier under PrvtId/Othr and scheme name SEPA); one DrctDbtTxInf per debit (EndToEndId, InstdAmt in EUR,
// MndtId and DtOfSgntr, DbtrAgt, Dbtr, DbtrAcct, RmtInf/Ustrd). Without a BIC an agent is written as
// FinInstnId/Othr/Id NOTPROVIDED, as the EPC implementation guidelines prescribe since February 2016.
// CreDtTm is the run's instant in UTC with a Z. Amounts have two decimals.
//
// Deterministic: the same run gives the same bytes (UTF-8, LF line ends, two-space indentation), so a stored
// file's SHA-256 identifies it. The texts were checked against the SEPA character set by the core, which holds
// neither & nor <, so nothing needs escaping (an apostrophe is plain text in element content); a run built
// around that check is refused with std::invalid_argument.
//
// api/iso20022/pain.008.001.02.renofee.xsd is renofee's own schema of exactly this layout, written from the
// message definition (tests validate every file written against it with xmllint); ISO's XSD validates the same
// files when RENOFEE_ISO20022_XSD_DIR points at it.
#pragma once

#include <string>

#include "renofee/core/collections/direct_debit.hpp"

namespace renofee::io {

inline constexpr const char* pain008_namespace = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";

std::string pain008_xml(const collections::CollectionRun& run);

}  // namespace renofee::io
