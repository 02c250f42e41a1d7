package org.tradeplatform.broker.ibkr.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.cluster.api.GatewayLease;
import org.tradeplatform.cluster.api.GatewayLeases;
import org.tradeplatform.cluster.api.LeaseListener;
import org.tradeplatform.cluster.api.LeaseState;
import org.tradeplatform.cluster.api.LeaseStatus;

/** A lease service the test drives by hand: it grants and takes away the one claimed lease. */
final class FakeLeases implements GatewayLeases {

  final AtomicInteger releases = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  private volatile LeaseListener listener;
  private volatile Optional<FencingToken> held = Optional.empty();
  private volatile String holder = "node-b";

  @Override
  public String nodeId() {
    return "node-a";
  }

  @Override
  public java.time.Duration fencingBound() {
    return java.time.Duration.ofSeconds(3);
  }

  @Override
  public GatewayLease claim(String brokerId, LeaseListener claimant) {
    listener = claimant;
    return new GatewayLease() {
      @Override
      public String brokerId() {
        return brokerId;
      }

      @Override
      public LeaseStatus status() {
        return new LeaseStatus(
            brokerId,
            held.isPresent() ? LeaseState.HELD : LeaseState.STANDBY,
            Instant.EPOCH,
            Optional.of(holder),
            OptionalLong.empty(),
            Optional.empty());
      }

      @Override
      public Optional<FencingToken> token() {
        return held;
      }

      @Override
      public void release() {
        releases.incrementAndGet();
        held.ifPresent(t -> lose(t, "released by this node"));
      }

      @Override
      public void close() {
        closes.incrementAndGet();
        held.ifPresent(t -> lose(t, "the claim was closed"));
      }
    };
  }

  void grant(String brokerId, long epoch) {
    FencingToken token = new FencingToken(brokerId, epoch, nodeId());
    held = Optional.of(token);
    holder = nodeId();
    listener.acquired(token);
  }

  void lose(FencingToken token, String reason) {
    held = Optional.empty();
    holder = "node-b";
    listener.lost(token, reason);
  }

  FencingToken token() {
    return held.orElseThrow();
  }
}
