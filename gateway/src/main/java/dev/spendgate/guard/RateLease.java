package dev.spendgate.guard;

import java.util.Arrays;
import java.util.List;

/**
 * The rate-limit members an admitted request counted against, so the tokens it really used can be added to exactly
 * those members when it ends ({@link RateLimiter#recordTokens}). Opaque to callers; immutable.
 */
public final class RateLease {

    private static final RateLease NONE = new RateLease(new Member[0]);

    /** One counter: a limit (by identity, stable across reloads that keep its definition) and a member value. */
    record Member(Object limit, String value) {
    }

    private final Member[] members;

    RateLease(Member[] members) {
        this.members = members;
    }

    /** A lease on no member: recording tokens on it does nothing. */
    public static RateLease none() {
        return NONE;
    }

    List<Member> members() {
        return Arrays.asList(members);
    }

    /** Whether the lease covers no limit. */
    public boolean isEmpty() {
        return members.length == 0;
    }

    @Override
    public String toString() {
        return "RateLease[members=" + members.length + "]";
    }
}
