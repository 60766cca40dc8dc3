// Test plan for readings.hpp: channel names round-trip and unknown names are refused naming the text;
// carriers and units per channel; register values are refused when negative or finer than 1 Wh / 1 dm3.
#include "renofee/core/metering/readings.hpp"

#include <gtest/gtest.h>

namespace renofee::metering {
namespace {

TEST(Channel, NamesRoundTripAndUnknownRefused) {
  for (Channel channel : all_channels)
    EXPECT_EQ(parse_channel(to_string(channel)).value(), channel);
  const Result<Channel> unknown = parse_channel("import_t3");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("\"import_t3\""), std::string::npos);
  EXPECT_FALSE(parse_channel("Import_T1").ok());
  EXPECT_FALSE(parse_channel("").ok());
}

TEST(Channel, CarrierAndUnit) {
  EXPECT_EQ(carrier_of(Channel::gas), Carrier::gas);
  EXPECT_EQ(unit_of(Channel::gas), "m3");
  EXPECT_EQ(carrier_of(Channel::pv_generation), Carrier::electricity);
  EXPECT_EQ(unit_of(Channel::export_t2), "kWh");
}

TEST(RegisterValue, NonNegativeAndAtMostThreeDecimals) {
  EXPECT_TRUE(validate_register_value(Decimal::parse("12345.678").value()).ok());
  EXPECT_TRUE(
      validate_register_value(Decimal::parse("12345.67800").value()).ok());  // trailing zeros are exact
  EXPECT_TRUE(validate_register_value(Decimal(0)).ok());
  EXPECT_FALSE(validate_register_value(Decimal::parse("1.0005").value()).ok());
  EXPECT_FALSE(validate_register_value(Decimal::parse("-0.001").value()).ok());
}

}  // namespace
}  // namespace renofee::metering
