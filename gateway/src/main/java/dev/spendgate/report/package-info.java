/** The weekly spend review: reads the usage ledger for a period and writes Markdown, CSV and SVG charts. */
@NullMarked
package dev.spendgate.report;

import org.jspecify.annotations.NullMarked;
