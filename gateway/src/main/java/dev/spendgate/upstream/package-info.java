/** HTTP clients to providers. */
@NullMarked
package dev.spendgate.upstream;

import org.jspecify.annotations.NullMarked;
