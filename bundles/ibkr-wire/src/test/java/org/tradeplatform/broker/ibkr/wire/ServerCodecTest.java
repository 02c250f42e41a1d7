package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tradeplatform.broker.ibkr.wire.Frames.payload;
import static org.tradeplatform.broker.ibkr.wire.Frames.text;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionPnl;

/** Version-dependent layouts, value rules and malformed input of the server messages. */
class ServerCodecTest {
  private static final String AAPL_ROW =
      "61|3|DU123456|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|";

  private static ServerMessage decode(int serverVersion, String pipeText) throws Exception {
    return new ServerDecoder(serverVersion).decode(payload(pipeText));
  }

  private static BigDecimal quantity(String wire) throws Exception {
    return ((PositionData) decode(187, AAPL_ROW + wire + "|150.25|")).position();
  }

  @ParameterizedTest
  @CsvSource({
    "100, 100",
    "0.0001, 0.0001",
    "1.0E-4, 0.0001",
    "123456789.123456, 123456789.123456",
    "-3, -3",
    "0, 0",
    "'1,000.5', 1000.5",
    "-0.5, -0.5",
    "12345678901234567890.123, 12345678901234567890.123"
  })
  void quantitiesAreExactDecimals(String wire, String expected) throws Exception {
    assertThat(quantity(wire)).isEqualByComparingTo(new BigDecimal(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2147483647", "9223372036854775807", "1.7976931348623157E308"})
  void unsetQuantitiesAreNull(String wire) throws Exception {
    assertThat(quantity(wire)).isNull();
  }

  /** Found by DecoderPropertiesTest: a large exponent decoded but its plain form was refused. */
  @Test
  void aQuantityWithALargeExponentSurvivesItsOwnEncoding() throws Exception {
    PositionData row = (PositionData) decode(187, AAPL_ROW + "-7.359815406941026E+73|150.25|");
    byte[] frame = new ServerEncoder(187).encode(row);
    PositionData again =
        (PositionData)
            new ServerDecoder(187).decode(java.util.Arrays.copyOfRange(frame, 4, frame.length));
    assertThat(again.position()).isEqualByComparingTo(row.position());
    assertThatThrownBy(() -> quantity("1E+65")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void fractionalQuantitiesSurviveEncodingExactly() throws Exception {
    ServerEncoder encoder = new ServerEncoder(187);
    for (String q : List.of("0.0001", "123456789.123456", "-2", "0")) {
      PositionData row = (PositionData) decode(187, AAPL_ROW + q + "|150.25|");
      assertThat(text(encoder.encode(row))).isEqualTo(AAPL_ROW + q + "|150.25|");
      assertThat(row.toPosition().quantity()).isEqualByComparingTo(new BigDecimal(q));
    }
  }

  @Test
  void doublesFollowIbRules() throws Exception {
    PnlSingle empty = (PnlSingle) decode(187, "95|5|100||||17050.0|");
    assertThat(empty.dailyPnl()).isEqualTo(0.0);
    assertThat(empty.unrealizedPnl()).isEqualTo(0.0);
    PnlSingle exponent =
        (PnlSingle) decode(187, "95|5|100|1.0E-4|-2.5E3|1.7976931348623157E308|1e2|");
    assertThat(exponent.dailyPnl()).isEqualTo(1.0E-4);
    assertThat(exponent.unrealizedPnl()).isEqualTo(-2500.0);
    assertThat(exponent.realizedPnl()).isNull();
    assertThat(exponent.value()).isEqualTo(100.0);
    assertThat(exponent.valueDecimal()).isEqualByComparingTo("100");
    assertThat(text(new ServerEncoder(187).encode(exponent)))
        .isEqualTo("95|5|100|1.0E-4|-2500.0|1.7976931348623157E308|100.0|");
  }

  @Test
  void pnlSingleBeforeUnrealizedAndRealizedVersions() throws Exception {
    assertThat(decode(128, "95|5|100|12.5|17050.0|"))
        .isEqualTo(new PnlSingle(5, new BigDecimal("100"), 12.5, null, null, 17050.0));
    assertThat(decode(134, "95|5|100|12.5|3.0|17050.0|"))
        .isEqualTo(new PnlSingle(5, new BigDecimal("100"), 12.5, 3.0, null, 17050.0));
    PnlSingle full = new PnlSingle(5, new BigDecimal("100"), 12.5, 3.0, 4.0, 17050.0);
    assertThat(text(new ServerEncoder(128).encode(full))).isEqualTo("95|5|100|12.5|17050.0|");
  }

  @Test
  void errorMessageLayoutsByServerVersion() throws Exception {
    ErrorMessage notice = new ErrorMessage(-1, 1100, "Connectivity lost");
    assertThat(text(new ServerEncoder(165).encode(notice)))
        .isEqualTo("4|2|-1|1100|Connectivity lost|");
    assertThat(text(new ServerEncoder(166).encode(notice)))
        .isEqualTo("4|2|-1|1100|Connectivity lost||");
    assertThat(text(new ServerEncoder(193).encode(notice)))
        .isEqualTo("4|2|-1|1100|Connectivity lost||");
    // 194: layout of the newer IB source, not verifiable with IB's 10.30 client.
    ErrorMessage timed = new ErrorMessage(-1, 2104, "OK:usfarm", null, 1748770200000L);
    assertThat(text(new ServerEncoder(194).encode(timed)))
        .isEqualTo("4|-1|2104|OK:usfarm||1748770200000|");
    assertThat(decode(194, "4|-1|2104|OK:usfarm||1748770200000|")).isEqualTo(timed);
  }

  @Test
  void errorMessageTolerance() throws Exception {
    // IB's client fails on a missing advancedOrderRejectJson at >= 166; we accept it.
    assertThat(decode(187, "4|2|-1|2104|text|")).isEqualTo(new ErrorMessage(-1, 2104, "text"));
    // Below 166 an extra trailing field is ignored.
    assertThat(decode(135, "4|2|-1|2104|text||")).isEqualTo(new ErrorMessage(-1, 2104, "text"));
    // Message version 1: a single text field.
    assertThat(decode(187, "4|1|Old style error|"))
        .isEqualTo(new ErrorMessage(-1, 0, "Old style error"));
    assertThat(new ErrorMessage(-1, 2104, "x").isWarning()).isTrue();
    assertThat(new ErrorMessage(-1, 1100, "x").isWarning()).isFalse();
  }

  @Test
  void errorTextEscapesFollowServerVersion() throws Exception {
    ErrorMessage accented = new ErrorMessage(5, 200, "Café 中");
    byte[] frame = new ServerEncoder(187).encode(accented);
    assertThat(text(frame)).isEqualTo("4|2|5|200|Caf\\u00e9 \\u4e2d||");
    assertThat(new ServerDecoder(187).decode(java.util.Arrays.copyOfRange(frame, 4, frame.length)))
        .isEqualTo(accented);
    assertThat(decode(135, "4|2|5|200|Caf\\u00e9|"))
        .isEqualTo(new ErrorMessage(5, 200, "Caf\\u00e9"));
    assertThat(ServerDecoder.decodeUnicodeEscapes("a\\u12 \\uzzzz \\u0041\\"))
        .isEqualTo("a\\u12 \\uzzzz A\\");
  }

  @Test
  void positionDataMessageVersionOne() throws Exception {
    PositionData v1 =
        (PositionData) decode(187, "61|1|DU1|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|100|");
    assertThat(v1.contract().tradingClass()).isNull();
    assertThat(v1.averageCost()).isNull();
    assertThat(v1.position()).isEqualByComparingTo("100");
  }

  @Test
  void extraTrailingFieldsAreIgnored() throws Exception {
    assertThat(decode(187, AAPL_ROW + "100|150.25|extra|more|"))
        .isEqualTo(decode(187, AAPL_ROW + "100|150.25|"));
    assertThat(decode(187, "9|1|1|junk|")).isEqualTo(new NextValidId(1));
  }

  @Test
  void unknownIdsAreSkipped() throws Exception {
    ServerDecoder decoder = new ServerDecoder(187);
    assertThat(decoder.decode(payload("5|1|2|3|"))).isEqualTo(new SkippedMessage(5));
    assertThat(decoder.decode(payload("5|1|2|3|"))).isEqualTo(new SkippedMessage(5));
    assertThat(decoder.decode(payload("14|1|7|1|news|NYSE|"))).isEqualTo(new SkippedMessage(14));
    assertThat(decoder.decode(payload("123456|"))).isEqualTo(new SkippedMessage(123456));
    assertThatThrownBy(() -> new ServerEncoder(187).encode(new SkippedMessage(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "61",
        "abc|",
        "61|3|DU1|notanumber|",
        "9|1|99999999999|",
        "61|3|DU1|1|A|STK||x|",
        "62",
        "95|5|1e99999999999|",
        "95|5|100|NaNx|",
        "9|1|--1|",
        "9|1|-|"
      })
  void malformedFramesAreProtocolErrors(String pipeText) {
    assertThatThrownBy(() -> decode(187, pipeText)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void managedAccountsAndOtherSmallMessages() throws Exception {
    assertThat(decode(187, "15|1|DU1, DU2,,DU3|"))
        .isEqualTo(new ManagedAccounts(List.of("DU1", "DU2", "DU3")));
    assertThat(decode(187, "15|1||")).isEqualTo(new ManagedAccounts(List.of()));
    assertThat(decode(187, "49|1|1748770200|"))
        .satisfies(
            m ->
                assertThat(((CurrentTime) m).toInstant())
                    .isEqualTo(Instant.ofEpochSecond(1748770200)));
    assertThat(decode(187, "6|1|NetLiquidation|1.5|USD|"))
        .isEqualTo(new AccountValue("NetLiquidation", "1.5", "USD", null));
    assertThat(decode(187, "72|1|9|")).isEqualTo(new PositionMultiEnd(9));
  }

  @Test
  void positionsMapToTheApi() throws Exception {
    PositionData option =
        (PositionData)
            decode(
                187,
                "61|3|DU1|412897061|AAPL|OPT|20250620|200.0|C|100||USD|AAPL  250620C00200000|AAPL|-2|512.34|");
    assertThat(option.toPosition())
        .isEqualTo(
            new Position(
                "DU1",
                new Contract(
                    412897061,
                    "AAPL",
                    "OPT",
                    "USD",
                    null,
                    "AAPL  250620C00200000",
                    "AAPL",
                    "20250620",
                    new BigDecimal("200"),
                    "C",
                    "100"),
                new BigDecimal("-2"),
                new BigDecimal("512.34")));
    PositionData unset = (PositionData) decode(187, AAPL_ROW + "|150.25|");
    assertThatThrownBy(unset::toPosition).isInstanceOf(IllegalArgumentException.class);
    PositionData noConId = (PositionData) decode(187, "61|3|DU1|0|AAPL|STK||0.0|||||||1|1|");
    assertThatThrownBy(noConId::toPosition).isInstanceOf(IllegalArgumentException.class);

    Position api = option.toPosition();
    PositionData back = PositionData.of(api);
    assertThat(back.toPosition()).isEqualTo(api);
  }

  @Test
  void portfolioValueMapsToPnl() throws Exception {
    PortfolioValue row =
        (PortfolioValue)
            decode(
                187,
                "7|8|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|100|170.5|17050.0|150.25|2025.0|1.7976931348623157E308|DU1|");
    assertThat(row.contract().primaryExchange()).isEqualTo("NASDAQ");
    assertThat(row.contract().exchange()).isNull();
    assertThat(row.contract().toContract().exchange()).isEqualTo("NASDAQ");
    Instant now = Instant.parse("2025-06-01T09:30:00Z");
    assertThat(row.toPositionPnl(now))
        .isEqualTo(
            new PositionPnl(
                "DU1",
                265598,
                new BigDecimal("170.5"),
                new BigDecimal("17050"),
                new BigDecimal("2025"),
                null,
                now));
    assertThat(
            decode(
                187,
                "7|8|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|100|170.5|17050.0|150.25|2025.0|1.7976931348623157E308|DU1|"))
        .isEqualTo(row);
    assertThat(text(new ServerEncoder(187).encode(row)))
        .isEqualTo(
            "7|8|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|100|170.5|17050.0|150.25|2025.0|1.7976931348623157E308|DU1|");
  }
}
