package dev.spendgate.config;

/**
 * One entry of {@code routing.rules}: requests that {@code match} go to model {@code routeTo}.
 *
 * @param match   dimensions, models (the alias the client sent) and key, as in guardrails
 * @param routeTo a model alias
 */
public record RouteRule(String name, MatchConfig match, String routeTo) {
}
