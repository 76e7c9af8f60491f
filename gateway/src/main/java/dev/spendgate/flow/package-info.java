/** The per-request sequence: the one place the proxy flow is written. */
@NullMarked
package dev.spendgate.flow;

import org.jspecify.annotations.NullMarked;
