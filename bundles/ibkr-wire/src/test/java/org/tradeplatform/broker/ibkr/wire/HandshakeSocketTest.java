package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ends of the handshake over a real loopback socket, using only this library. */
class HandshakeSocketTest {

  /** A one-shot server: negotiates up to {@code serverMax}, then answers START_API. */
  private static CompletableFuture<ClientRequest> serve(ServerSocket server, int serverMax) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = server.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            FrameWriter out = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
            ClientHello hello = Handshake.readClientHello(in);
            int version = Math.min(hello.maxVersion(), serverMax);
            ServerEncoder encoder = new ServerEncoder(version);
            out.write(encoder.serverHello("20250601 09:30:00 Greenwich Mean Time"));
            byte[] payload = new FrameReader(in).readFrame();
            if (payload == null) {
              return null;
            }
            ClientRequest request = new ClientDecoder(version).decode(payload);
            out.write(encoder.encode(new ManagedAccounts(List.of("DU1", "DU2"))));
            out.write(encoder.encode(new NextValidId(42)));
            return request;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @ParameterizedTest
  @ValueSource(ints = {135, 165, 166, 187})
  void clientAndServerAgreeOnVersion(int serverMax) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<ClientRequest> served = serve(server, serverMax);
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        FrameWriter out = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()));
        out.write(Handshake.clientHello());
        FrameReader reader = new FrameReader(in);
        ServerHello hello = Handshake.readServerHello(reader);
        assertThat(hello.serverVersion()).isEqualTo(serverMax);
        out.write(new ClientEncoder(hello.serverVersion()).encode(new StartApi(7, null)));
        ServerDecoder decoder = new ServerDecoder(hello.serverVersion());
        assertThat(decoder.decode(reader.readFrame()))
            .isEqualTo(new ManagedAccounts(List.of("DU1", "DU2")));
        assertThat(decoder.decode(reader.readFrame())).isEqualTo(new NextValidId(42));
        assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo(new StartApi(7, null));
      }
    }
  }

  @Test
  void serverVersionBelow135IsRefusedWithAClearError() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<ClientRequest> served = serve(server, 134);
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        new FrameWriter(socket.getOutputStream()).write(Handshake.clientHello());
        FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
        assertThatThrownBy(() -> Handshake.readServerHello(reader))
            .isInstanceOf(UnsupportedServerVersionException.class)
            .hasMessageContaining("134")
            .hasMessageContaining("minimum 135")
            .satisfies(
                e ->
                    assertThat(((UnsupportedServerVersionException) e).serverVersion())
                        .isEqualTo(134));
      }
      assertThat(served.get(10, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void serverVersionAboveOurMaximumIsRefused() {
    assertThatThrownBy(() -> Handshake.checkSupported(194))
        .isInstanceOf(UnsupportedServerVersionException.class)
        .hasMessageContaining("187");
  }

  @Test
  void connectionClosedBeforeHelloIsEof() {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(new byte[0]));
    assertThatThrownBy(() -> Handshake.readServerHello(reader)).isInstanceOf(EOFException.class);
  }

  @Test
  void redirectIsRefused() {
    byte[] frame = FrameWriter.frame("-1\0otherhost:4001\0".getBytes());
    FrameReader reader = new FrameReader(new ByteArrayInputStream(frame));
    assertThatThrownBy(() -> Handshake.readServerHello(reader))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("redirect");
  }

  @Test
  void clientHelloVariants() throws Exception {
    assertThat(Handshake.parseVersionText("v100..187 +PACEAPI"))
        .isEqualTo(new ClientHello(100, 187, "+PACEAPI"));
    assertThat(Handshake.parseVersionText("v176")).isEqualTo(new ClientHello(176, 176, null));
    assertThat(new ClientHello(157, 178, null).negotiate(187)).isEqualTo(178);
    assertThatThrownBy(() -> new ClientHello(157, 178, null).negotiate(150))
        .isInstanceOf(UnsupportedServerVersionException.class);
    assertThatThrownBy(() -> Handshake.parseVersionText("x100..187"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Handshake.parseVersionText("v187..100"))
        .isInstanceOf(ProtocolException.class);
    byte[] notApi = Hex.decode("47 45 54 20 2f 20 48 54 54 50");
    assertThatThrownBy(() -> Handshake.readClientHello(new ByteArrayInputStream(notApi)))
        .isInstanceOf(ProtocolException.class);
    byte[] hugeLength = Hex.decode("41 50 49 00 7f ff ff ff");
    assertThatThrownBy(() -> Handshake.readClientHello(new ByteArrayInputStream(hugeLength)))
        .isInstanceOf(ProtocolException.class);
    assertThat(Handshake.clientHello(new ClientHello(176, 176, null)))
        .isEqualTo(Hex.decode("41 50 49 00 00 00 00 04 76 31 37 36"));
  }
}
