/**
 * Operations of position sync: Felix Health Checks and Prometheus metrics over the exported status
 * APIs. Private: nothing here is exported.
 */
package org.tradeplatform.position.operations.internal;
