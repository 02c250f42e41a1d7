/**
 * Broker-neutral contracts: a live {@link org.tradeplatform.broker.api.BrokerSession} and the
 * position values it reports.
 */
@Export
@NullMarked
@Version("1.2.0")
package org.tradeplatform.broker.api;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
