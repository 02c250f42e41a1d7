package org.tradeplatform.broker.ibkr.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the simulator service (PID {@value SimulatorComponent#PID}). */
@ObjectClassDefinition(
    name = "IBKR gateway simulator",
    description = "A TWS-protocol gateway simulator on loopback, for tests and the demo.")
public @interface SimulatorConfig {

  @AttributeDefinition(name = "Host", description = "Address to listen on.")
  String host() default "127.0.0.1";

  @AttributeDefinition(
      name = "Port",
      description = "TCP port; never one of a real gateway's (7496, 7497, 4001, 4002).")
  int port() default 4102;

  @AttributeDefinition(name = "Server version", description = "Negotiated version, 135..187.")
  int serverVersion() default 187;

  @AttributeDefinition(name = "Accounts", description = "Comma-separated managed accounts.")
  String accounts() default "DU000001,DU000002";

  @AttributeDefinition(
      name = "Random walk (trades/s)",
      description = "Random trades per second; 0 disables.")
  double randomWalkTradesPerSecond() default 0.5;

  @AttributeDefinition(name = "Seed book", description = "Start with a few demo positions.")
  boolean seedBook() default true;

  @AttributeDefinition(name = "Random seed", description = "Seed of the random walk.")
  long seed() default 42L;
}
