package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden vector: outgoing ones byte for byte from {@link ClientEncoder} (and back through
 * {@link ClientDecoder}); incoming ones decoded by {@link ServerDecoder} to the values IB's client
 * delivered, and re-encoded byte for byte by {@link ServerEncoder}.
 */
class GoldenVectorTest {

  static Stream<Arguments> outgoing() {
    return GoldenVectors.direction("out").stream().map(v -> Arguments.of(GoldenVectors.name(v), v));
  }

  static Stream<Arguments> incoming() {
    return GoldenVectors.direction("in").stream().map(v -> Arguments.of(GoldenVectors.name(v), v));
  }

  @Test
  void fileHoldsAllVectors() {
    assertThat(GoldenVectors.ALL).hasSize(148);
    assertThat(GoldenVectors.direction("out")).hasSize(48);
    assertThat(GoldenVectors.direction("in")).hasSize(100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outgoing")
  void outgoingFrameIsByteIdentical(String name, JsonNode vector) throws Exception {
    byte[] expected = GoldenVectors.bytes(vector);
    int serverVersion = GoldenVectors.serverVersion(vector);
    if (vector.get("message").asText().equals("HANDSHAKE")) {
      assertThat(Hex.encode(Handshake.clientHello())).isEqualTo(Hex.encode(expected));
      assertThat(Handshake.readClientHello(new java.io.ByteArrayInputStream(expected)))
          .isEqualTo(new ClientHello(100, 187, null));
      return;
    }
    ClientRequest request = request(vector);
    assertThat(Hex.encode(new ClientEncoder(serverVersion).encode(request)))
        .isEqualTo(Hex.encode(expected));
    assertThat(new ClientDecoder(serverVersion).decode(GoldenVectors.payload(vector)))
        .isEqualTo(request);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("incoming")
  void incomingFrameDecodesToIbValuesAndReencodesByteIdentical(String name, JsonNode vector)
      throws Exception {
    byte[] expected = GoldenVectors.bytes(vector);
    byte[] payload = GoldenVectors.payload(vector);
    int serverVersion = GoldenVectors.serverVersion(vector);
    assertThat(vector.at("/decoded/bytesConsumed").asInt()).isEqualTo(payload.length);
    JsonNode args = vector.at("/decoded/callbacks/0/args");
    if (vector.get("message").asText().equals("SERVER_HELLO")) {
      ServerHello hello = ServerHello.parse(payload);
      assertThat(hello)
          .isEqualTo(new ServerHello(args.get("version").asInt(), args.get("time").asText()));
      assertThat(Hex.encode(new ServerEncoder(serverVersion).serverHello(hello.connectionTime())))
          .isEqualTo(Hex.encode(expected));
      return;
    }
    assertThat(vector.at("/decoded/callbacks")).hasSize(1);
    ServerMessage decoded = new ServerDecoder(serverVersion).decode(payload);
    assertThat(decoded).isEqualTo(expectedMessage(vector.get("message").asText(), args));
    assertThat(Hex.encode(new ServerEncoder(serverVersion).encode(decoded)))
        .isEqualTo(Hex.encode(expected));
  }

  /** The request IB's client was asked to send, from the vector's {@code call}. */
  private static ClientRequest request(JsonNode vector) {
    JsonNode a = vector.at("/call/args");
    switch (vector.get("message").asText()) {
      case "START_API":
        return new StartApi(a.get("clientId").asInt(), str(a.get("optionalCapabilities")));
      case "REQ_IDS":
        return new RequestIds(a.get("numIds").asInt());
      case "REQ_CURRENT_TIME":
        return new RequestCurrentTime();
      case "REQ_POSITIONS":
        return new RequestPositions();
      case "CANCEL_POSITIONS":
        return new CancelPositions();
      case "REQ_POSITIONS_MULTI":
        return new RequestPositionsMulti(
            a.get("reqId").asInt(), str(a.get("account")), str(a.get("modelCode")));
      case "CANCEL_POSITIONS_MULTI":
        return new CancelPositionsMulti(a.get("reqId").asInt());
      case "REQ_ACCOUNT_DATA":
        return new RequestAccountUpdates(a.get("subscribe").asBoolean(), str(a.get("acctCode")));
      case "REQ_PNL_SINGLE":
        return new RequestPnlSingle(
            a.get("reqId").asInt(),
            str(a.get("account")),
            str(a.get("modelCode")),
            a.get("conId").asInt());
      case "CANCEL_PNL_SINGLE":
        return new CancelPnlSingle(a.get("reqId").asInt());
      default:
        throw new AssertionError("no request mapping for " + vector.get("message"));
    }
  }

  /** The message IB's client delivered, from the vector's callback arguments. */
  private static ServerMessage expectedMessage(String message, JsonNode a) {
    switch (message) {
      case "MANAGED_ACCTS":
        return new ManagedAccounts(java.util.List.of(a.get("accountsList").asText().split(",")));
      case "NEXT_VALID_ID":
        return new NextValidId(a.get("orderId").asInt());
      case "ERR_MSG":
        return new ErrorMessage(
            a.get("id").asInt(),
            a.get("errorCode").asInt(),
            str(a.get("errorMsg")),
            str(a.get("advancedOrderRejectJson")),
            null);
      case "CURRENT_TIME":
        return new CurrentTime(a.get("time").asLong());
      case "POSITION_DATA":
        return new PositionData(
            str(a.get("account")),
            contract(a.get("contract")),
            decimal(a.get("pos")),
            dbl(a.get("avgCost")));
      case "POSITION_END":
        return new PositionEnd();
      case "POSITION_MULTI":
        return new PositionMulti(
            a.get("reqId").asInt(),
            str(a.get("account")),
            str(a.get("modelCode")),
            contract(a.get("contract")),
            decimal(a.get("pos")),
            dbl(a.get("avgCost")));
      case "POSITION_MULTI_END":
        return new PositionMultiEnd(a.get("reqId").asInt());
      case "PORTFOLIO_VALUE":
        return new PortfolioValue(
            contract(a.get("contract")),
            decimal(a.get("position")),
            dbl(a.get("marketPrice")),
            dbl(a.get("marketValue")),
            dbl(a.get("averageCost")),
            dbl(a.get("unrealizedPNL")),
            dbl(a.get("realizedPNL")),
            str(a.get("accountName")));
      case "ACCT_VALUE":
        return new AccountValue(
            str(a.get("key")),
            str(a.get("value")),
            str(a.get("currency")),
            str(a.get("accountName")));
      case "ACCT_UPDATE_TIME":
        return new AccountUpdateTime(str(a.get("timeStamp")));
      case "ACCT_DOWNLOAD_END":
        return new AccountDownloadEnd(str(a.get("accountName")));
      case "PNL_SINGLE":
        return new PnlSingle(
            a.get("reqId").asInt(),
            decimal(a.get("pos")),
            dbl(a.get("dailyPnL")),
            dbl(a.get("unrealizedPnL")),
            dbl(a.get("realizedPnL")),
            dbl(a.get("value")));
      default:
        throw new AssertionError("no message mapping for " + message);
    }
  }

  private static WireContract contract(JsonNode c) {
    return new WireContract(
        c.get("conId").asInt(),
        str(c.get("symbol")),
        str(c.get("secType")),
        str(c.get("lastTradeDateOrContractMonth")),
        dbl(c.get("strike")),
        str(c.get("right")),
        str(c.get("multiplier")),
        str(c.get("exchange")),
        str(c.get("primaryExch")),
        str(c.get("currency")),
        str(c.get("localSymbol")),
        str(c.get("tradingClass")));
  }

  /** IB delivers null for empty fields; our records hold null for them too. */
  private static String str(JsonNode n) {
    return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
  }

  /** IB's unset double (Double.MAX_VALUE) is null in our records. */
  private static Double dbl(JsonNode n) {
    return n.get("isDoubleMax").asBoolean() ? null : Double.valueOf(n.get("double").asText());
  }

  /** IB's invalid Decimal is null in our records. */
  private static BigDecimal decimal(JsonNode n) {
    return n.get("valid").asBoolean() ? new BigDecimal(n.get("decimal").asText()) : null;
  }
}
