/** JMH microbenchmarks of the gateway's per-request hot paths (built with {@code -Pbench}). */
@NullMarked
package dev.spendgate.bench;

import org.jspecify.annotations.NullMarked;
