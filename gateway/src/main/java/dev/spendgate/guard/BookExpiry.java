package dev.spendgate.guard;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Instant;

/**
 * Caffeine expiry of a {@link MemberBook}: it lives until its last bucket or reservation expires, re-evaluated on
 * every write (reads do not extend it). Times are nanoseconds since the epoch, from the store's clock, so the
 * cache's ticker and the book's instants agree.
 */
final class BookExpiry implements Expiry<InMemoryBudgetStore.Key, MemberBook> {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Nanoseconds since the epoch, saturated (exact until 2262; Instant.MIN/MAX map to the long range's ends). */
    static long nanos(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + t.getNano();
    }

    @Override
    public long expireAfterCreate(InMemoryBudgetStore.Key key, MemberBook book, long currentTime) {
        long until = nanos(book.expiresAt());
        return until <= currentTime ? 0 : until - currentTime;
    }

    @Override
    public long expireAfterUpdate(InMemoryBudgetStore.Key key, MemberBook book, long currentTime,
            long currentDuration) {
        return expireAfterCreate(key, book, currentTime);
    }

    @Override
    public long expireAfterRead(InMemoryBudgetStore.Key key, MemberBook book, long currentTime,
            long currentDuration) {
        return currentDuration;
    }
}
