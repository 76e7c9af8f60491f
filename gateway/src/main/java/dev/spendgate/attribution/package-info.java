/** Reading attribution headers into an Attribution record. */
@NullMarked
package dev.spendgate.attribution;

import org.jspecify.annotations.NullMarked;
