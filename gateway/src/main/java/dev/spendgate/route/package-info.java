/**
 * Routing and resilience decisions as pure, clock-injected classes: which model a request goes to (rules and
 * experiments), the order of an alias's deployments, per-provider circuit breakers, retry backoff and the
 * classification of upstream failures. No Netty or Reactor types; the request flow drives them.
 */
@NullMarked
package dev.spendgate.route;

import org.jspecify.annotations.NullMarked;
