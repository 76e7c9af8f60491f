/** Token usage, prices and exact cost. */
@NullMarked
package dev.spendgate.metering;

import org.jspecify.annotations.NullMarked;
