/**
 * Broker-neutral contracts: a live {@link org.tradeplatform.broker.api.BrokerSession} and the
 * position values it reports.
 */
@Export
@Version("1.1.0")
package org.tradeplatform.broker.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
