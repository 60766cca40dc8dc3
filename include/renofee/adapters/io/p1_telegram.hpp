// renofee/adapters/io/p1_telegram.hpp
//
// Purpose: DSMR P1 telegrams (Dutch Smart Meter Requirements 4.x and 5.x, P1 Companion Standard;
// docs/domain.md §6.2) as readings.
//
// Frame: `/XXX5Ident` CRLF CRLF, data lines `OBIS(value)(value)...` CRLF, then `!` and the CRC as 4 hex
// digits. CRC-16/ARC (polynomial 0x8005 reflected = 0xA001, initial value 0, no final xor) over every byte
// from `/` to `!` inclusive. A telegram whose CRC does not match is refused with its number. A telegram
// without a CRC (DSMR 2.x/3.x end with a bare `!`) is refused: those versions carry no timestamp either.
// A log stored with "\n" line ends (a text editor converted the meter's CRLF) is verified as if each "\n"
// were "\r\n".
//
// Objects read (all others are skipped):
//   0-0:1.0.0(YYMMDDhhmmssX)      telegram time; X = S: summer time (UTC+02:00), W: winter time (UTC+01:00)
//   0-0:96.1.1(hex)               electricity meter id, hex-encoded ASCII ("4B38..." -> "K8..."); an id that
//                                 does not decode to printable ASCII (anonymised examples) is kept verbatim
//   1-0:1.8.1 / 1.8.2 (kWh)       import tariff 1 / 2  -> import_t1 / import_t2
//   1-0:2.8.1 / 2.8.2 (kWh)       export tariff 1 / 2  -> export_t1 / export_t2
//   0-n:24.1.0(003)               M-Bus device n (1..4) is a gas meter (other device types are skipped)
//   0-n:96.1.0(hex)               M-Bus device n id, hex-encoded ASCII
//   0-n:24.2.1(YYMMDDhhmmssX)(v*m3)  gas register with its own capture time -> gas
// Electricity registers carry the telegram time; gas carries its capture time. Values keep their 3 decimals;
// Belgian-style `*Wh` integer registers are converted exactly to kWh.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::io {

// CRC-16/ARC of `bytes`, continuing from `crc` (0 to start). Check value: "123456789" -> 0xBB3D.
std::uint16_t crc16_arc(std::string_view bytes, std::uint16_t crc = 0) noexcept;

// `YYMMDDhhmmssX` (X = S or W) as a UTC instant (years 2000-2099). invalid_argument naming the text
// otherwise.
Result<calendar::Instant> parse_p1_timestamp(std::string_view text);

// Hex-encoded ASCII ("4B3845" -> "K8E"); invalid_argument for odd length, non-hex digits or bytes outside
// printable ASCII.
Result<std::string> decode_hex_ascii(std::string_view hex);

// The meter id of an equipment identifier (0-0:96.1.1, 0-n:96.1.0): the decoded text, or `hex` verbatim when
// it is not hex-encoded printable ASCII. The id must still pass check_meter_id before use.
std::string p1_equipment_id(std::string_view hex);

}  // namespace renofee::io
