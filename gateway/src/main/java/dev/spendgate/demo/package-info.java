/** The embedded demo: a simulated provider and a traffic generator. */
@NullMarked
package dev.spendgate.demo;

import org.jspecify.annotations.NullMarked;
