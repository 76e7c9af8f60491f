package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cached current window is exactly {@link BudgetWindows#windowFor} at every instant: across calendar
 * boundaries, DST changes (a 23 h and a 25 h day, a zone whose DST gap is at midnight, a half-hour shift), rolling
 * bucket boundaries, and with the clock going back.
 */
class WindowCacheTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Europe/Berlin"), ZoneId.of("America/Santiago"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Asia/Kathmandu"));

    private static final List<WindowSpec> SPECS = List.of(new WindowSpec(WindowSpec.Kind.DAY, null),
            new WindowSpec(WindowSpec.Kind.WEEK, null), new WindowSpec(WindowSpec.Kind.MONTH, null),
            new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofHours(1)),
            new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofSeconds(45)),
            new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofMillis(61_001)),
            new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofDays(7)));

    @Test
    void everyInstantGetsTheWindowWindowsForGives() {
        Random random = new Random(11);
        for (ZoneId zone : ZONES) {
            for (WindowSpec spec : SPECS) {
                WindowCache cache = new WindowCache("b#1", spec, zone);
                // Around the 2026 DST changes of both hemispheres, and New Year.
                for (Instant start : List.of(Instant.parse("2026-03-07T12:00:00Z"),
                        Instant.parse("2026-04-04T12:00:00Z"), Instant.parse("2026-10-24T12:00:00Z"),
                        Instant.parse("2026-12-31T12:00:00Z"))) {
                    Instant now = start;
                    for (int i = 0; i < 400; i++) {
                        now = now.plusMillis(step(random));
                        String member = i % 3 == 0 ? "" : "c" + i % 5;
                        assertThat(cache.windowFor(member, now)).as("%s %s at %s", zone, spec, now)
                                .isEqualTo(BudgetWindows.windowFor("b#1", member, spec, zone, now));
                    }
                }
            }
        }
    }

    @Test
    void windowBoundariesAreExact() {
        ZoneId zone = ZoneId.of("America/New_York");
        WindowCache day = new WindowCache("b#1", new WindowSpec(WindowSpec.Kind.DAY, null), zone);
        Instant midnight = Instant.parse("2026-12-04T05:00:00Z");

        assertThat(day.windowFor("a", midnight.minusNanos(1)).current()).isEqualTo("d2026-12-03");
        assertThat(day.windowFor("a", midnight).current()).isEqualTo("d2026-12-04");
        assertThat(day.windowFor("a", midnight.minusNanos(1)).current()).as("clock back").isEqualTo("d2026-12-03");
    }

    /** Mostly minutes to hours, sometimes a sub-second step, a jump of days, or a step back. */
    private static long step(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextInt(1_000);
            case 1 -> random.nextInt(3) * 86_400_000L + random.nextInt(86_400_000);
            case 2 -> -random.nextInt(7_200_000);
            default -> random.nextInt(7_200_000);
        };
    }
}
