/**
 * One active connection per gateway across several nodes: a fenced lease per {@code broker.id}, the
 * epoch that fences every write made under it, and the state of this node's claim.
 */
@Export
@NullMarked
@Version("1.0.0")
package org.tradeplatform.cluster.api;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
