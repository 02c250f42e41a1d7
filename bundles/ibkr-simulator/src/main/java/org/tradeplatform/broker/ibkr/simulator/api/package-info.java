/**
 * Control API of the TWS-protocol gateway simulator: start one with {@link
 * org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator#start}, or get the OSGi service,
 * then script positions, trades and faults.
 */
@Export
@Version("1.2.0")
package org.tradeplatform.broker.ibkr.simulator.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
