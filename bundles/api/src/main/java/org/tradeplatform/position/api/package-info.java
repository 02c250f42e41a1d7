/** Contracts of the position store and of the sync component that keeps it equal to the broker. */
@Export
@NullMarked
@Version("2.0.0")
package org.tradeplatform.position.api;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
