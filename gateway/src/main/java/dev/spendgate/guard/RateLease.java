package dev.spendgate.guard;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The token-counting rate-limit members an admitted request counted against, so the tokens it really used can be
 * added to exactly those members when it ends ({@link RateLimiter#recordTokens}). Opaque to callers; immutable.
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

    /** The non-null members among the first {@code n} of {@code counted}. */
    static RateLease of(@Nullable Member[] counted, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += counted[i] == null ? 0 : 1;
        }
        if (size == 0) {
            return NONE;
        }
        Member[] members = new Member[size];
        int j = 0;
        for (int i = 0; i < n; i++) {
            Member m = counted[i];
            if (m != null) {
                members[j++] = m;
            }
        }
        return new RateLease(members);
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
