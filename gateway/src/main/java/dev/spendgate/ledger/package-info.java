/** The usage ledger: one JSON line per request, written off the event loop. */
@NullMarked
package dev.spendgate.ledger;

import org.jspecify.annotations.NullMarked;
