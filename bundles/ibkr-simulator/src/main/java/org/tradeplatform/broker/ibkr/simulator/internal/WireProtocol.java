package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.wire.AccountDownloadEnd;
import org.tradeplatform.broker.ibkr.wire.AccountUpdateTime;
import org.tradeplatform.broker.ibkr.wire.AccountValue;
import org.tradeplatform.broker.ibkr.wire.CancelPnlSingle;
import org.tradeplatform.broker.ibkr.wire.CancelPositions;
import org.tradeplatform.broker.ibkr.wire.CancelPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ClientDecoder;
import org.tradeplatform.broker.ibkr.wire.ClientHello;
import org.tradeplatform.broker.ibkr.wire.CurrentTime;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.RequestAccountUpdates;
import org.tradeplatform.broker.ibkr.wire.RequestCurrentTime;
import org.tradeplatform.broker.ibkr.wire.RequestIds;
import org.tradeplatform.broker.ibkr.wire.RequestPnlSingle;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.RequestPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ServerEncoder;
import org.tradeplatform.broker.ibkr.wire.StartApi;
import org.tradeplatform.broker.ibkr.wire.UnknownMessageException;
import org.tradeplatform.broker.ibkr.wire.WireContract;

/** The simulator's protocol side, spoken through the embedded wire library. */
final class WireProtocol implements SimulatorWire {
  private static final DateTimeFormatter CONNECTION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss", Locale.ROOT);

  @Override
  public int acceptHandshake(InputStream in, OutputStream out, int preferredVersion)
      throws IOException {
    ClientHello hello = Handshake.readClientHello(in);
    int version = hello.negotiate(preferredVersion);
    String time =
        ZonedDateTime.now(ZoneOffset.UTC).format(CONNECTION_TIME) + " Greenwich Mean Time";
    out.write(new ServerEncoder(version).serverHello(time));
    out.flush();
    return version;
  }

  @Override
  public ClientRequest readRequest(InputStream in, int serverVersion) throws IOException {
    byte[] payload = new FrameReader(in).readFrame();
    if (payload == null) {
      return null;
    }
    org.tradeplatform.broker.ibkr.wire.ClientRequest r;
    try {
      r = new ClientDecoder(serverVersion).decode(payload);
    } catch (UnknownMessageException e) {
      return new ClientRequest.Unsupported(e.messageId());
    }
    if (r instanceof StartApi s) {
      return new ClientRequest.StartApi(s.clientId());
    } else if (r instanceof RequestIds) {
      return new ClientRequest.RequestIds();
    } else if (r instanceof RequestCurrentTime) {
      return new ClientRequest.RequestCurrentTime();
    } else if (r instanceof RequestPositions) {
      return new ClientRequest.RequestPositions();
    } else if (r instanceof CancelPositions) {
      return new ClientRequest.CancelPositions();
    } else if (r instanceof RequestPositionsMulti m) {
      return new ClientRequest.RequestPositionsMulti(m.reqId(), m.account(), m.modelCode());
    } else if (r instanceof CancelPositionsMulti c) {
      return new ClientRequest.CancelPositionsMulti(c.reqId());
    } else if (r instanceof RequestAccountUpdates a) {
      return new ClientRequest.RequestAccountUpdates(a.subscribe(), a.accountCode());
    } else if (r instanceof RequestPnlSingle p) {
      return new ClientRequest.RequestPnlSingle(p.reqId(), p.account(), p.modelCode(), p.conId());
    } else if (r instanceof CancelPnlSingle c) {
      return new ClientRequest.CancelPnlSingle(c.reqId());
    }
    return new ClientRequest.Unsupported(r.type().id());
  }

  @Override
  public ServerFrames frames(int serverVersion) {
    return new Frames(new ServerEncoder(serverVersion));
  }

  /** Builds wire records from the simulator's values. */
  private record Frames(ServerEncoder encoder) implements ServerFrames {

    /** The wire layout (which field carries the exchange) is the wire library's to know. */
    private static WireContract contract(SimulatedContract c, boolean portfolio) {
      Contract api =
          new Contract(
              c.conId(),
              c.symbol(),
              c.secType(),
              c.currency(),
              c.exchange(),
              c.localSymbol(),
              c.tradingClass(),
              c.expiry(),
              c.strike(),
              c.right(),
              c.multiplier());
      return portfolio ? WireContract.forPortfolio(api) : WireContract.forPosition(api);
    }

    private static Double orUnset(double value) {
      return value == Double.MAX_VALUE ? null : value;
    }

    @Override
    public byte[] managedAccounts(List<String> accounts) {
      return encoder.encode(new ManagedAccounts(accounts));
    }

    @Override
    public byte[] nextValidId(long orderId) {
      return encoder.encode(new NextValidId(Math.toIntExact(orderId)));
    }

    @Override
    public byte[] error(int id, int code, String message) {
      return encoder.encode(new ErrorMessage(id, code, message));
    }

    @Override
    public byte[] currentTime(long epochSeconds) {
      return encoder.encode(new CurrentTime(epochSeconds));
    }

    @Override
    public byte[] position(
        String account, SimulatedContract contract, BigDecimal quantity, BigDecimal averageCost) {
      return encoder.encode(
          new PositionData(
              account, contract(contract, false), quantity, averageCost.doubleValue()));
    }

    @Override
    public byte[] positionEnd() {
      return encoder.encode(new PositionEnd());
    }

    @Override
    public byte[] positionMulti(
        int reqId,
        String account,
        SimulatedContract contract,
        BigDecimal quantity,
        BigDecimal averageCost,
        String modelCode) {
      return encoder.encode(
          new PositionMulti(
              reqId,
              account,
              modelCode == null || modelCode.isEmpty() ? null : modelCode,
              contract(contract, false),
              quantity,
              averageCost.doubleValue()));
    }

    @Override
    public byte[] positionMultiEnd(int reqId) {
      return encoder.encode(new PositionMultiEnd(reqId));
    }

    @Override
    public byte[] portfolioValue(
        SimulatedContract contract,
        BigDecimal quantity,
        double marketPrice,
        double marketValue,
        double averageCost,
        double unrealizedPnl,
        double realizedPnl,
        String account) {
      return encoder.encode(
          new PortfolioValue(
              contract(contract, true),
              quantity,
              marketPrice,
              marketValue,
              averageCost,
              unrealizedPnl,
              realizedPnl,
              account));
    }

    @Override
    public byte[] accountValue(String key, String value, String currency, String account) {
      return encoder.encode(new AccountValue(key, value, currency, account));
    }

    @Override
    public byte[] accountUpdateTime(String time) {
      return encoder.encode(new AccountUpdateTime(time));
    }

    @Override
    public byte[] accountDownloadEnd(String account) {
      return encoder.encode(new AccountDownloadEnd(account));
    }

    @Override
    public byte[] pnlSingle(
        int reqId,
        BigDecimal position,
        double dailyPnl,
        double unrealizedPnl,
        double realizedPnl,
        double value) {
      return encoder.encode(
          new PnlSingle(
              reqId,
              position,
              orUnset(dailyPnl),
              orUnset(unrealizedPnl),
              orUnset(realizedPnl),
              orUnset(value)));
    }
  }
}
