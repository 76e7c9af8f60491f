/** Prometheus meters: names, labels and their bounded values. */
@NullMarked
package dev.spendgate.metrics;

import org.jspecify.annotations.NullMarked;
