/** Admin endpoints: metrics, health, readiness. */
@NullMarked
package dev.spendgate.admin;

import org.jspecify.annotations.NullMarked;
