/** SSE decoding and usage extraction from provider responses, streamed or not. */
@NullMarked
package dev.spendgate.stream;

import org.jspecify.annotations.NullMarked;
