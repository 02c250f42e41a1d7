package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tradeplatform.broker.ibkr.wire.Frames.payload;
import static org.tradeplatform.broker.ibkr.wire.Frames.text;

import org.junit.jupiter.api.Test;

/** Client requests beyond the golden vectors: validation, decoding on the simulator side. */
class ClientCodecTest {
  private final ClientEncoder encoder = new ClientEncoder(187);
  private final ClientDecoder decoder = new ClientDecoder(187);

  @Test
  void stringsOutsidePrintableAsciiAreRefusedLikeIbError579() {
    assertThatThrownBy(() -> encoder.encode(new RequestAccountUpdates(true, "DU1\0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("579");
    assertThatThrownBy(() -> encoder.encode(new RequestPositionsMulti(1, "DUé", null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(text(encoder.encode(new StartApi(7, "cap\tx")))).isEqualTo("71|2|7|cap\tx|");
  }

  @Test
  void everyRequestRoundTrips() throws Exception {
    for (ClientRequest r :
        new ClientRequest[] {
          new StartApi(0, null),
          new StartApi(-5, "+x"),
          new RequestIds(1),
          new RequestCurrentTime(),
          new RequestPositions(),
          new CancelPositions(),
          new RequestPositionsMulti(9, "DU1", "M1"),
          new CancelPositionsMulti(9),
          new RequestAccountUpdates(false, "DU1"),
          new RequestPnlSingle(5, "DU1", null, 265598),
          new CancelPnlSingle(5)
        }) {
      byte[] frame = encoder.encode(r);
      assertThat(decoder.decode(java.util.Arrays.copyOfRange(frame, 4, frame.length))).isEqualTo(r);
    }
  }

  @Test
  void unsubscribeSendsZero() {
    assertThat(text(encoder.encode(new RequestAccountUpdates(false, "DU123456"))))
        .isEqualTo("6|2|0|DU123456|");
  }

  @Test
  void orderRequestsAreUnknownToTheSimulatorSide() {
    assertThatThrownBy(() -> decoder.decode(payload("3|45|1|AAPL|")))
        .isInstanceOf(UnknownMessageException.class)
        .satisfies(e -> assertThat(((UnknownMessageException) e).messageId()).isEqualTo(3));
    assertThatThrownBy(() -> decoder.decode(payload("x|"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void versionOutsideTheTextProtocolIsRefused() {
    assertThatThrownBy(() -> new ClientEncoder(201)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerDecoder(99)).isInstanceOf(IllegalArgumentException.class);
  }
}
