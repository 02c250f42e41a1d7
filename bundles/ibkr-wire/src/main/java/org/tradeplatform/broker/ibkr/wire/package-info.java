/**
 * The TWS / IB Gateway socket protocol for the positions/PnL subset: framing ({@link
 * org.tradeplatform.broker.ibkr.wire.FrameReader}, {@link
 * org.tradeplatform.broker.ibkr.wire.FrameWriter}), the handshake ({@link
 * org.tradeplatform.broker.ibkr.wire.Handshake}), typed messages in both directions, and four
 * codecs: {@link org.tradeplatform.broker.ibkr.wire.ClientEncoder} and {@link
 * org.tradeplatform.broker.ibkr.wire.ServerDecoder} for the client, {@link
 * org.tradeplatform.broker.ibkr.wire.ServerEncoder} and {@link
 * org.tradeplatform.broker.ibkr.wire.ClientDecoder} for the simulator. The client side is read-only
 * by construction: no order message can be expressed.
 *
 * <p>A private library: embedded into the ibkr and simulator bundles, never exported.
 */
package org.tradeplatform.broker.ibkr.wire;
