package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.guard.MemberTableTest.Counter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one member table: operations on one entry are atomic (no lost update), and removal by expiry,
 * sweeps and eviction racing with operations never lets an operation run on a removed entry nor loses track of
 * the weight held.
 */
class MemberTableConcurrencyTest {

    private static final int THREADS = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @Test
    void operationsOnOneEntryAreAtomic() throws Exception {
        MemberTable<String, Counter> table = new MemberTable<>(1_000, MemberTableTest.PERIOD);
        int members = 4;
        int perThread = 20_000;
        AtomicLongArray done = new AtomicLongArray(members);
        Concurrently.run(pool, THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                int m = ThreadLocalRandom.current().nextInt(members);
                MemberTableTest.touch(table, "g", "m" + m, 0);
                done.incrementAndGet(m);
            }
        });

        for (int m = 0; m < members; m++) {
            Counter c = table.lock("g", "m" + m, 0, null);
            assertThat(c).isNotNull();
            assertThat(c.count).as("member %d: every increment counted once", m).isEqualTo(done.get(m));
            table.unlock(c);
        }
    }

    @Test
    void expiryAndEvictionRacingWithOperationsKeepTheTableConsistent() throws Exception {
        MemberTable<String, Counter> table = new MemberTable<>(50, MemberTableTest.PERIOD);
        AtomicLong clock = new AtomicLong();
        Concurrently.run(pool, THREADS, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 20_000; i++) {
                long now = clock.addAndGet(random.nextInt(3)); // entries expire after 100 ticks unused
                String group = "g" + random.nextInt(3);
                String member = "m" + random.nextInt(200);
                if (random.nextInt(10) == 0) {
                    Counter c = table.lock(group, member, now, m -> new Counter());
                    c.removable = random.nextBoolean();
                    table.maintain(now, table.unlock(c));
                } else {
                    MemberTableTest.touch(table, group, member, now); // asserts the entry is live
                }
            }
        });

        table.cleanUp(clock.get());
        assertThat(table.weight()).as("the weight is that of the entries held").isEqualTo(table.size())
                .isLessThanOrEqualTo(50);
        for (int g = 0; g < 3; g++) {
            for (String member : table.members("g" + g)) {
                Counter c = table.lock("g" + g, member, clock.get(), null);
                if (c != null) {
                    assertThat(c.dead).isFalse();
                    table.unlock(c);
                }
            }
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
