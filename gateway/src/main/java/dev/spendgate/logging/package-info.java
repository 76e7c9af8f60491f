/** Log output: the access-log line of a finished request and the batching console appender that writes logs. */
@NullMarked
package dev.spendgate.logging;

import org.jspecify.annotations.NullMarked;
