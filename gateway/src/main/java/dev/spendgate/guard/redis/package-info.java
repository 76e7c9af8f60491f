/**
 * The Redis-backed budget store ({@code state.store: redis}): budgets shared by every gateway replica, with
 * server-side scripts for atomicity, leases timed by the Redis server, and a failure policy when Redis is away.
 */
@NullMarked
package dev.spendgate.guard.redis;

import org.jspecify.annotations.NullMarked;
