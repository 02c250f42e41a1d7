package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Proves the client cannot send an order: it enumerates every request {@link ClientEncoder} can
 * encode (every permitted {@link ClientRequest} type, built by reflection) and checks the message
 * ids on the wire against IB's order-related outgoing ids (EClient 10.30 constants).
 */
class ReadOnlyByConstructionTest {

  /** IB's outgoing ids that place, modify, cancel or exercise orders, or read order state. */
  private static final Map<Integer, String> ORDER_MESSAGES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(3, "PLACE_ORDER"),
              Map.entry(4, "CANCEL_ORDER"),
              Map.entry(5, "REQ_OPEN_ORDERS"),
              Map.entry(7, "REQ_EXECUTIONS"),
              Map.entry(15, "REQ_AUTO_OPEN_ORDERS"),
              Map.entry(16, "REQ_ALL_OPEN_ORDERS"),
              Map.entry(19, "REPLACE_FA"),
              Map.entry(21, "EXERCISE_OPTIONS"),
              Map.entry(58, "REQ_GLOBAL_CANCEL"),
              Map.entry(99, "REQ_COMPLETED_ORDERS")));

  private static final Set<Integer> ALLOWED = Set.of(71, 8, 49, 61, 64, 74, 75, 6, 94, 95);

  @Test
  void everyEncodableRequestIsOnTheReadOnlyListAndNoneIsAnOrderMessage() throws Exception {
    Class<?>[] permitted = ClientRequest.class.getPermittedSubclasses();
    assertThat(ClientRequest.class.isSealed()).isTrue();
    Set<Integer> emitted = new HashSet<>();
    for (int serverVersion : new int[] {135, 165, 166, 187, 200}) {
      ClientEncoder encoder = new ClientEncoder(serverVersion);
      for (Class<?> type : permitted) {
        assertThat(type.isRecord()).as(type + " is a final record").isTrue();
        ClientRequest request = sample(type);
        byte[] frame = encoder.encode(request);
        int id = messageIdOf(frame);
        assertThat(id).as(type.getSimpleName()).isEqualTo(request.type().id());
        emitted.add(id);
      }
    }
    assertThat(emitted).isEqualTo(ALLOWED);
    assertThat(emitted).doesNotContainAnyElementsOf(ORDER_MESSAGES.keySet());
  }

  @Test
  void outgoingMessageEnumHoldsExactlyTheReadOnlyRequests() {
    Set<Integer> ids =
        OutgoingMessage.all().stream().map(OutgoingMessage::id).collect(Collectors.toSet());
    assertThat(ids).isEqualTo(ALLOWED);
    assertThat(ids).doesNotContainAnyElementsOf(ORDER_MESSAGES.keySet());
    Set<String> names =
        Arrays.stream(OutgoingMessage.values()).map(Enum::name).collect(Collectors.toSet());
    assertThat(names).noneMatch(n -> n.contains("ORDER") || n.contains("EXERCISE"));
    for (int orderId : ORDER_MESSAGES.keySet()) {
      assertThat(OutgoingMessage.byId(orderId)).as(ORDER_MESSAGES.get(orderId)).isNull();
    }
  }

  @Test
  void eachOutgoingMessageHasExactlyOneRequestType() throws Exception {
    Set<OutgoingMessage> covered = new HashSet<>();
    for (Class<?> type : ClientRequest.class.getPermittedSubclasses()) {
      assertThat(covered.add(sample(type).type())).as(type.getSimpleName()).isTrue();
    }
    assertThat(covered).isEqualTo(OutgoingMessage.all());
  }

  @Test
  void encoderOffersNoOtherWayToWrite() {
    for (Method m : ClientEncoder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        assertThat(m.getParameterTypes()).as(m.toString()).allMatch(p -> p == ClientRequest.class);
      }
    }
    for (Constructor<?> c : ClientEncoder.class.getConstructors()) {
      assertThat(c.getParameterTypes()).containsExactly(int.class);
    }
  }

  /** Builds a request with plausible values for each component, by reflection. */
  private static ClientRequest sample(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> t = types[i];
      values[i] =
          t == int.class ? 7 : t == boolean.class ? true : t == String.class ? "DU123456" : null;
    }
    return (ClientRequest) type.getDeclaredConstructor(types).newInstance(values);
  }

  private static int messageIdOf(byte[] frame) {
    int end = 4;
    while (frame[end] != 0) {
      end++;
    }
    return Integer.parseInt(
        new String(frame, 4, end - 4, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
