/** Reading and rewriting client request bodies. */
@NullMarked
package dev.spendgate.inspect;

import org.jspecify.annotations.NullMarked;
