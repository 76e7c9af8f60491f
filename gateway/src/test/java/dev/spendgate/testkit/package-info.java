/** Shared test fixtures. */
@NullMarked
package dev.spendgate.testkit;

import org.jspecify.annotations.NullMarked;
