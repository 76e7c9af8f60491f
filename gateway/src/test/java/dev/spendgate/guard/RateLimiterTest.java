package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.RateLimitConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();

    static RateLimitConfig rpm(String name, @Nullable Dimension per, long rpm) {
        return new RateLimitConfig(name, MatchConfig.all(), per, rpm, null, true);
    }

    static RateLimitConfig tpm(String name, @Nullable Dimension per, long tpm) {
        return new RateLimitConfig(name, MatchConfig.all(), per, null, tpm, true);
    }

    static Attribution customer(String customer) {
        Attribution n = Attribution.none();
        return new Attribution("chat", n.team(), customer, "free", n.experiment(), n.environment(), n.session());
    }

    RateLimiter limiter(RateLimitConfig... limits) {
        return new RateLimiter(List.of(limits), clock, 1_000);
    }

    static RateCheck check(RateLimiter limiter, String customer) {
        return limiter.check(customer(customer), null, "gpt-4o-mini");
    }

    @Test
    void requestsPerMinuteRefusesTheNextRequestUntilTheWindowSlides() {
        RateLimiter limiter = limiter(rpm("free-minute", null, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(check(limiter, "acme").allowed()).isTrue();
        }
        RateCheck refused = check(limiter, "acme");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusedBy()).isEqualTo("free-minute");
        assertThat(refused.retryAfterSeconds()).isEqualTo(60);

        clock.advance(Duration.ofSeconds(59));
        assertThat(check(limiter, "acme").retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(check(limiter, "acme").allowed()).as("the three requests of T0 left the minute").isTrue();
    }

    @Test
    void onlyTheOldestRequestsLeaveAsTheMinuteSlides() {
        RateLimiter limiter = limiter(rpm("two", null, 2));
        assertThat(check(limiter, "a").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(check(limiter, "a").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(check(limiter, "a").retryAfterSeconds()).as("the T0 request leaves at T0+60").isEqualTo(20);

        clock.advance(Duration.ofSeconds(20));
        assertThat(check(limiter, "a").allowed()).isTrue();
        RateCheck again = check(limiter, "a");
        assertThat(again.allowed()).isFalse();
        assertThat(again.retryAfterSeconds()).as("next to leave is the T0+30 request").isEqualTo(30);
    }

    @Test
    void retryAfterRoundsUpToAtLeastOneSecond() {
        RateLimiter limiter = limiter(rpm("one", null, 1));
        check(limiter, "a");
        clock.advance(Duration.ofMillis(59_600));
        assertThat(check(limiter, "a").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void clockSteppingBackKeepsCountingIntoTheNewestSecond() {
        RateLimiter limiter = limiter(rpm("two", null, 2));
        clock.advance(Duration.ofSeconds(30));
        check(limiter, "a");
        clock.advance(Duration.ofSeconds(-20));
        assertThat(check(limiter, "a").allowed()).isTrue();
        assertThat(check(limiter, "a").allowed()).as("both requests still count after the step back").isFalse();
    }

    @Test
    void perMemberCountersAreIsolated() {
        RateLimiter limiter = limiter(rpm("per-customer", Dimension.CUSTOMER, 1));
        assertThat(check(limiter, "acme").allowed()).isTrue();
        assertThat(check(limiter, "acme").allowed()).isFalse();
        assertThat(check(limiter, "globex").allowed()).isTrue();
        RateCheck refused = check(limiter, "globex");
        assertThat(refused.reason()).contains("'per-customer'", "1 requests per minute", "customer 'globex'");
    }

    @Test
    void limitWithoutPerIsSharedByEveryMember() {
        RateLimiter limiter = limiter(rpm("shared", null, 2));
        assertThat(check(limiter, "acme").allowed()).isTrue();
        assertThat(check(limiter, "globex").allowed()).isTrue();
        assertThat(check(limiter, "initech").allowed()).isFalse();
    }

    @Test
    void tokensPerMinuteRefusesOnceRecordedTokensReachTheLimitAndRecovers() {
        RateLimiter limiter = limiter(tpm("tokens", Dimension.CUSTOMER, 1_000));
        RateCheck first = check(limiter, "acme");
        assertThat(first.allowed()).isTrue();
        limiter.recordTokens(first.lease(), 600);
        clock.advance(Duration.ofSeconds(10));
        RateCheck second = check(limiter, "acme");
        assertThat(second.allowed()).as("600 < 1000").isTrue();
        limiter.recordTokens(second.lease(), 400);

        RateCheck refused = check(limiter, "acme");
        assertThat(refused.allowed()).as("1000 tokens is at the limit").isFalse();
        assertThat(refused.retryAfterSeconds()).as("the first 600 leave at T0+60").isEqualTo(50);
        assertThat(refused.reason()).contains("1000 tokens per minute");
        assertThat(check(limiter, "globex").allowed()).isTrue();

        clock.advance(Duration.ofSeconds(50));
        assertThat(check(limiter, "acme").allowed()).isTrue();
    }

    @Test
    void recordedTokensGoToExactlyTheLeasedMembers() {
        MatchConfig summarize = new MatchConfig(Map.of(Dimension.FEATURE, "summarize"), Set.of(), null);
        RateLimiter limiter = limiter(
                tpm("per-customer", Dimension.CUSTOMER, 100),
                new RateLimitConfig("summarize-only", summarize, null, null, 100L, true));
        RateCheck acme = check(limiter, "acme");
        assertThat(acme.lease().isEmpty()).isFalse();
        limiter.recordTokens(acme.lease(), 100);

        assertThat(check(limiter, "acme").allowed()).isFalse();
        assertThat(check(limiter, "globex").allowed()).isTrue();
        Attribution summarizing = new Attribution("summarize", "t", "globex", "free", "e", "prod", "s");
        assertThat(limiter.check(summarizing, null, "m").allowed())
                .as("the summarize limit matched nothing so far, so it holds no tokens").isTrue();
    }

    @Test
    void headersReportTheTightestMatchedLimit() {
        RateLimiter limiter = limiter(rpm("shared", null, 10), rpm("per-customer", Dimension.CUSTOMER, 3));
        RateCheck first = check(limiter, "acme");
        assertThat(first.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "X-RateLimit-Limit", "3", "X-RateLimit-Remaining", "2", "X-RateLimit-Reset", "60"));
        clock.advance(Duration.ofSeconds(15));
        check(limiter, "acme");
        RateCheck third = check(limiter, "acme");
        assertThat(third.headers()).containsEntry("X-RateLimit-Remaining", "0")
                .as("remaining grows when the T0 request leaves").containsEntry("X-RateLimit-Reset", "45");

        RateCheck refused = check(limiter, "acme");
        GuardRejection rejection = refused.rejection();
        assertThat(rejection.status()).isEqualTo(429);
        assertThat(rejection.code()).isEqualTo("rate_limited");
        assertThat(rejection.getMessage()).contains("'per-customer'", "retry after 45 s");
        assertThat(rejection.headers()).containsEntry("Retry-After", "45").containsEntry("X-RateLimit-Limit", "3")
                .containsEntry("X-RateLimit-Remaining", "0").containsEntry("X-RateLimit-Reset", "45");
    }

    @Test
    void shadowLimitNeverRefusesButReportsWhatItWouldHaveRefused() {
        RateLimiter limiter = limiter(new RateLimitConfig("shadow", MatchConfig.all(), null, 1L, null, false));
        RateCheck first = check(limiter, "acme");
        assertThat(first.shadowRefused()).isEmpty();
        for (int i = 0; i < 3; i++) {
            RateCheck c = check(limiter, "acme");
            assertThat(c.allowed()).isTrue();
            assertThat(c.shadowRefused()).containsExactly("shadow");
            assertThat(c.headers()).as("a shadow limit changes nothing on the response").isEmpty();
        }
    }

    @Test
    void requestRefusedByOneLimitIsNotCountedByTheOthers() {
        RateLimiter limiter = limiter(rpm("shared", null, 2), rpm("per-customer", Dimension.CUSTOMER, 1));
        assertThat(check(limiter, "acme").allowed()).isTrue();
        assertThat(check(limiter, "acme").refusedBy()).isEqualTo("per-customer");
        assertThat(check(limiter, "globex").allowed()).as("the refused request was taken back from 'shared'")
                .isTrue();
        assertThat(check(limiter, "initech").refusedBy()).isEqualTo("shared");
    }

    @Test
    void requestsOutsideTheMatchAreNotLimited() {
        MatchConfig free = new MatchConfig(Map.of(Dimension.TIER, "free"), Set.of(), null);
        RateLimiter limiter = limiter(new RateLimitConfig("free", free, null, 1L, null, true));
        Attribution enterprise = new Attribution("chat", "t", "acme", "enterprise", "e", "prod", "s");
        for (int i = 0; i < 3; i++) {
            RateCheck c = limiter.check(enterprise, null, "gpt-4o");
            assertThat(c.allowed()).isTrue();
            assertThat(c.headers()).isEmpty();
            assertThat(c.lease().isEmpty()).isTrue();
        }
    }

    @Test
    void trackedMembersStayWithinTheBound() {
        RateLimiter limiter = new RateLimiter(List.of(rpm("per-customer", Dimension.CUSTOMER, 5)), clock, 100);
        for (int i = 0; i < 5_000; i++) {
            check(limiter, "customer-" + i);
        }
        assertThat(limiter.trackedMembers()).isLessThanOrEqualTo(100);
    }

    @Test
    void reloadKeepsCountersOfUnchangedLimitsAndResetsChangedOnes() {
        RateLimiter limiter = limiter(rpm("kept", null, 1), rpm("changed", Dimension.CUSTOMER, 1));
        check(limiter, "acme");

        RateLimiter same = limiter.withLimits(List.of(rpm("kept", null, 1)));
        assertThat(check(same, "acme").refusedBy()).isEqualTo("kept");

        RateLimiter raised = limiter.withLimits(List.of(rpm("changed", Dimension.CUSTOMER, 2)));
        assertThat(check(raised, "acme").allowed()).as("a changed limit starts from zero").isTrue();
        assertThat(check(raised, "acme").allowed()).isTrue();
        assertThat(check(raised, "acme").allowed()).isFalse();
    }

    @Test
    void noLimitsAllowsEverything() {
        RateCheck c = check(limiter(), "acme");
        assertThat(c.allowed()).isTrue();
        assertThat(c.headers()).isEmpty();
    }
}
