package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The member table on its own, with a counter entry that expires a fixed time after its last use (a rate window's
 * rule) and weighs what it is told to. Time is plain numbers here.
 */
class MemberTableTest {

    static final long IDLE = 100;
    static final long PERIOD = 10;

    /** A counter entry: expires {@link #IDLE} after its last use; removable when told so. */
    static final class Counter extends MemberTable.Entry {
        long count;
        int weight = 1;
        boolean removable;

        @Override
        boolean expired(long now) {
            return now - used >= IDLE;
        }

        @Override
        int weight() {
            return weight;
        }

        @Override
        boolean removable() {
            return removable;
        }
    }

    final MemberTable<String, Counter> table = new MemberTable<>(1_000, PERIOD);

    /** One operation: counts once in the member's entry (made when missing); returns the entry. */
    static Counter touch(MemberTable<String, Counter> table, String group, String member, long now) {
        Counter c = table.lock(group, member, now, m -> new Counter());
        boolean grew;
        try {
            assertThat(c.dead).as("an operation never sees a removed entry").isFalse();
            c.count++;
        } finally {
            grew = table.unlock(c);
        }
        table.maintain(now, grew);
        return c;
    }

    @Nullable Counter peek(String group, String member, long now) {
        Counter c = table.lock(group, member, now, null);
        if (c != null) {
            table.unlock(c);
        }
        return c;
    }

    @Test
    void anEntryIsKeptAcrossOperationsAndGroupsAreSeparate() {
        Counter a = touch(table, "limit-1", "acme", 0);
        touch(table, "limit-1", "acme", 1);
        Counter other = touch(table, "limit-2", "acme", 2);

        assertThat(a.count).isEqualTo(2);
        assertThat(other).isNotSameAs(a);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.weight()).isEqualTo(2);
        assertThat(table.members("limit-1")).containsExactly("acme");
        assertThat(table.members("nothing")).isEmpty();
    }

    @Test
    void anExpiredEntryCountsAsAbsentAndIsReplacedByAFreshOne() {
        Counter old = touch(table, "g", "acme", 0);
        assertThat(peek("g", "acme", IDLE - 1)).as("used at IDLE - 1 by this peek").isSameAs(old);

        assertThat(peek("g", "acme", 2 * IDLE - 1)).as("expired: absent").isNull();
        Counter fresh = touch(table, "g", "acme", 2 * IDLE);

        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.count).isEqualTo(1);
        assertThat(old.dead).isTrue();
        assertThat(table.weight()).isEqualTo(1);
    }

    @Test
    void aRemovableEntryIsDroppedAfterItsOperation() {
        Counter c = table.lock("g", "acme", 0, m -> new Counter());
        c.removable = true;
        table.unlock(c);

        assertThat(c.dead).isTrue();
        assertThat(peek("g", "acme", 1)).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.weight()).isZero();
    }

    @Test
    void idleEntriesNobodyTouchesAreSweptWithinAPassOfSweeps() {
        for (int i = 0; i < 1_000; i++) {
            touch(table, "g" + i % 3, "m" + i, 0);
        }
        long now = IDLE;
        // One other member keeps being used: each operation after a period sweeps the next slice of the table.
        for (int sweeps = 0; sweeps < 1_000 / MemberTable.MIN_SWEEP + 2; sweeps++) {
            touch(table, "busy", "b", now);
            now += PERIOD;
        }

        assertThat(table.size()).as("only the busy member is left").isEqualTo(1);
        assertThat(table.weight()).isEqualTo(1);
        assertThat(table.members("g0")).isEmpty();
    }

    @Test
    void withinAPeriodNoSweepRunsAndCleanUpDropsWhatExpired() {
        MemberTable<String, Counter> slow = new MemberTable<>(1_000, 10 * IDLE);
        touch(slow, "g", "a", 0); // the first operation sweeps; the next sweep is due at 10 x IDLE
        touch(slow, "g", "b", 5 * IDLE);

        assertThat(slow.size()).as("a expired but is not swept yet").isEqualTo(2);
        slow.cleanUp(5 * IDLE);
        assertThat(slow.members("g")).containsExactly("b");
    }

    @Test
    void theWeightNeverPassesTheCapAndTheLeastRecentlyUsedGo() {
        MemberTable<String, Counter> small = new MemberTable<>(100, PERIOD);
        Counter hot = touch(small, "g", "hot", 0);
        for (int i = 0; i < 10_000; i++) {
            touch(small, "g", "m" + i, i);
            touch(small, "g", "hot", i);
            assertThat(small.weight()).isLessThanOrEqualTo(100);
        }

        assertThat(hot.dead).as("the entry used all along is never the least recently used").isFalse();
        assertThat(hot.count).isEqualTo(10_001);
        assertThat(small.size()).isEqualTo(small.weight());
    }

    @Test
    void weightsAreTrackedAsEntriesChange() {
        MemberTable<String, Counter> small = new MemberTable<>(10, PERIOD);
        Counter c = small.lock("g", "heavy", 0, m -> new Counter());
        c.weight = 4;
        assertThat(small.unlock(c)).as("grew").isTrue();
        assertThat(small.weight()).isEqualTo(4);

        c = small.lock("g", "heavy", 1, null);
        c.weight = 2;
        assertThat(small.unlock(c)).isFalse();
        assertThat(small.weight()).isEqualTo(2);

        c = small.lock("g", "heavy", 2, null);
        c.weight = 11;
        small.maintain(2, small.unlock(c));
        assertThat(c.dead).as("an entry heavier than the cap is evicted").isTrue();
        assertThat(small.weight()).isZero();
    }

    @Test
    void theClockGoingBackDoesNotStopSweeps() {
        touch(table, "g", "idle", 1_000_000);
        touch(table, "g", "busy", 1_000_000 + IDLE); // sweeps, next due a period later

        touch(table, "g", "idle2", 0); // the clock went back far
        touch(table, "g", "busy", IDLE); // due again: idle2 (used at 0) is expired at IDLE

        assertThat(peek("g", "idle", IDLE)).isNull();
        assertThat(table.members("g")).containsExactly("busy");
    }

    @Test
    void anEmptyGroupLeavesTheTableAndComesBackOnUse() {
        Counter c = table.lock("g", "acme", 0, m -> new Counter());
        c.removable = true;
        table.unlock(c);
        table.cleanUp(1);

        assertThat(touch(table, "g", "acme", 2).count).isEqualTo(1);
        assertThat(table.members("g")).containsExactly("acme");
    }

    @Test
    void relockRefusesAnEntryThatWasRemoved() {
        Counter c = touch(table, "g", "acme", 0);
        assertThat(table.relock(c, 1)).isTrue();
        table.unlock(c);

        assertThat(table.relock(c, IDLE + 1)).as("expired").isFalse();
        assertThat(c.dead).isTrue();
        assertThat(table.relock(c, IDLE + 2)).as("removed").isFalse();
    }
}
