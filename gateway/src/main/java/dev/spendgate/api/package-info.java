/** API formats and endpoints the gateway speaks, and their error bodies. */
@NullMarked
package dev.spendgate.api;

import org.jspecify.annotations.NullMarked;
