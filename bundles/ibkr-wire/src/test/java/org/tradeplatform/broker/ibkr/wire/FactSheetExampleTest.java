package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;

/**
 * The worked example of tws-protocol.md §8 (server version 187, clientId 7), written out as hex:
 * every byte was checked against IB's official Java client 10.30.01.
 */
class FactSheetExampleTest {
  private static final int SV = 187;

  static final String CLIENT_HANDSHAKE = "41 50 49 00 00 00 00 09 76 31 30 30 2e 2e 31 38 37";
  static final String SERVER_REPLY =
      "00 00 00 2a 31 38 37 00 32 30 32 35 30 36 30 31 20 30 39 3a 33 30 3a 30 30 20 47 72 65 65"
          + " 6e 77 69 63 68 20 4d 65 61 6e 20 54 69 6d 65 00";
  static final String START_API = "00 00 00 08 37 31 00 32 00 37 00 00";
  static final String MANAGED_ACCTS = "00 00 00 0e 31 35 00 31 00 44 55 31 32 33 34 35 36 00";
  static final String NEXT_VALID_ID = "00 00 00 06 39 00 31 00 31 00";
  static final String ERR_MSG =
      "00 00 00 36 34 00 32 00 2d 31 00 32 31 30 34 00 4d 61 72 6b 65 74 20 64 61 74 61 20 66 61"
          + " 72 6d 20 63 6f 6e 6e 65 63 74 69 6f 6e 20 69 73 20 4f 4b 3a 75 73 66 61 72 6d 00 00";
  static final String REQ_POSITIONS = "00 00 00 05 36 31 00 31 00";
  static final String POSITION_DATA =
      "00 00 00 44 36 31 00 33 00 44 55 31 32 33 34 35 36 00 32 36 35 35 39 38 00 41 41 50 4c 00"
          + " 53 54 4b 00 00 30 2e 30 00 00 00 4e 41 53 44 41 51 00 55 53 44 00 41 41 50 4c 00 4e"
          + " 4d 53 00 31 30 30 00 31 35 30 2e 32 35 00";
  static final String POSITION_END = "00 00 00 05 36 32 00 31 00";

  /** §4: reqAccountUpdates(true, "DU123456"). */
  static final String REQ_ACCOUNT_DATA = "00 00 00 0f 36 00 32 00 31 00 44 55 31 32 33 34 35 36 00";

  private final ClientEncoder clientEncoder = new ClientEncoder(SV);
  private final ServerDecoder serverDecoder = new ServerDecoder(SV);
  private final ServerEncoder serverEncoder = new ServerEncoder(SV);

  @Test
  void clientSideBytes() {
    assertThat(Hex.encode(Handshake.clientHello())).isEqualTo(CLIENT_HANDSHAKE);
    assertThat(Hex.encode(clientEncoder.encode(new StartApi(7, null)))).isEqualTo(START_API);
    assertThat(Hex.encode(clientEncoder.encode(new RequestPositions()))).isEqualTo(REQ_POSITIONS);
    assertThat(Hex.encode(clientEncoder.encode(new RequestAccountUpdates(true, "DU123456"))))
        .isEqualTo(REQ_ACCOUNT_DATA);
  }

  @Test
  void serverReplyIsReadAsHello() throws Exception {
    ServerHello hello =
        Handshake.readServerHello(
            new FrameReader(new ByteArrayInputStream(Hex.decode(SERVER_REPLY))));
    assertThat(hello).isEqualTo(new ServerHello(187, "20250601 09:30:00 Greenwich Mean Time"));
    assertThat(Hex.encode(serverEncoder.serverHello(hello.connectionTime())))
        .isEqualTo(SERVER_REPLY);
  }

  @Test
  void serverFramesOneStreamDecodeInOrder() throws Exception {
    byte[] stream =
        Hex.concat(
            Hex.decode(MANAGED_ACCTS),
            Hex.decode(NEXT_VALID_ID),
            Hex.decode(ERR_MSG),
            Hex.decode(POSITION_DATA),
            Hex.decode(POSITION_END));
    FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
    assertThat(serverDecoder.decode(reader.readFrame()))
        .isEqualTo(new ManagedAccounts(List.of("DU123456")));
    assertThat(serverDecoder.decode(reader.readFrame())).isEqualTo(new NextValidId(1));
    assertThat(serverDecoder.decode(reader.readFrame()))
        .isEqualTo(new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm"));
    PositionData row = (PositionData) serverDecoder.decode(reader.readFrame());
    assertThat(row.toPosition())
        .isEqualTo(
            new Position(
                "DU123456",
                new Contract(
                    265598, "AAPL", "STK", "USD", "NASDAQ", "AAPL", "NMS", null, null, null, null),
                new BigDecimal("100"),
                new BigDecimal("150.25")));
    assertThat(serverDecoder.decode(reader.readFrame())).isEqualTo(new PositionEnd());
    assertThat(reader.readFrame()).isNull();
  }

  @Test
  void serverFramesAreReencodedByteForByte() throws Exception {
    for (String hex : List.of(MANAGED_ACCTS, NEXT_VALID_ID, ERR_MSG, POSITION_DATA, POSITION_END)) {
      byte[] frame = Hex.decode(hex);
      ServerMessage m = serverDecoder.decode(java.util.Arrays.copyOfRange(frame, 4, frame.length));
      assertThat(Hex.encode(serverEncoder.encode(m))).isEqualTo(hex);
    }
  }

  @Test
  void pnlSingleWithUnsetValues() throws Exception {
    // 95⟂5⟂100⟂12.5⟂1.7976931348623157E308⟂1.7976931348623157E308⟂15025⟂
    String payload =
        "39 35 00 35 00 31 30 30 00 31 32 2e 35 00 31 2e 37 39 37 36 39 33 31 33 34 38 36 32 33 31"
            + " 35 37 45 33 30 38 00 31 2e 37 39 37 36 39 33 31 33 34 38 36 32 33 31 35 37 45 33"
            + " 30 38 00 31 35 30 32 35 00";
    ServerMessage m = serverDecoder.decode(Hex.decode(payload));
    assertThat(m).isEqualTo(new PnlSingle(5, new BigDecimal("100"), 12.5, null, null, 15025.0));
  }
}
