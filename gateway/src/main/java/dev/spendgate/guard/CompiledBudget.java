package dev.spendgate.guard;

import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A budget prepared once per config snapshot.
 *
 * @param config     the budget as configured
 * @param id         store key: name plus a fingerprint of what it counts (match, per, window), so a budget
 *                   whose counting changed on reload starts fresh while one with new limits keeps its state
 * @param limits     the configured limits (utilisation is measured against these)
 * @param hardLimits what reservations may never exceed: the limits scaled by the block step's threshold; null
 *                   for a soft budget (no block step), which warns and downgrades but never refuses
 * @param zone       the zone its calendar windows are aligned to (shown by the admin API; unused when rolling)
 */
public record CompiledBudget(BudgetConfig config, String id, Limits limits, @Nullable Limits hardLimits,
        ZoneId zone) {

    static CompiledBudget of(BudgetConfig config, ZoneId zone) {
        Limits limits = new Limits(config.limitUsd(), config.limitTokens(), config.limitRequests());
        LadderStep block = config.actions().stream()
                .filter(s -> s.action() == LadderStep.Action.BLOCK).findFirst().orElse(null);
        Limits hard = block == null ? null : scale(limits, block.at());
        return new CompiledBudget(config, config.name() + "#" + fingerprint(config, zone), limits, hard, zone);
    }

    /**
     * The highest ladder step reached by {@code used} (spent plus reserved), or null below the first. A step is
     * reached when any limit that is set is used to at least {@code at} times the limit, compared exactly: in
     * doubles $0.08 of $0.10 is 0.7999999999999999 and would miss an 80% step. A zero limit counts as reached
     * once anything is used (as {@link Limits#utilisation} has it).
     */
    @Nullable LadderStep stepAt(Amount used) {
        LadderStep reached = null;
        for (LadderStep s : config.actions()) {
            if (reaches(used, s.at())) {
                reached = s;
            }
        }
        return reached;
    }

    private boolean reaches(Amount used, BigDecimal at) {
        return reaches(used.usd(), limits.usd(), at)
                || reaches(BigDecimal.valueOf(used.tokens()), decimal(limits.tokens()), at)
                || reaches(BigDecimal.valueOf(used.requests()), decimal(limits.requests()), at);
    }

    private static boolean reaches(BigDecimal used, @Nullable BigDecimal limit, BigDecimal at) {
        if (limit == null) {
            return false;
        }
        if (limit.signum() <= 0) {
            return used.signum() > 0;
        }
        return used.compareTo(limit.multiply(at)) >= 0;
    }

    private static @Nullable BigDecimal decimal(@Nullable Long n) {
        return n == null ? null : BigDecimal.valueOf(n);
    }

    private static Limits scale(Limits l, BigDecimal at) {
        return new Limits(
                l.usd() == null ? null : l.usd().multiply(at),
                l.tokens() == null ? null : at.multiply(BigDecimal.valueOf(l.tokens()))
                        .setScale(0, RoundingMode.FLOOR).longValueExact(),
                l.requests() == null ? null : at.multiply(BigDecimal.valueOf(l.requests()))
                        .setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /**
     * Fingerprint of what decides which spend a budget counts: its match, split, window and time zone. Limits,
     * ladder and enforcement can change on reload without losing the spend counted so far. Canonical (sorted)
     * so it is the same on every replica and after every restart.
     */
    private static String fingerprint(BudgetConfig config, ZoneId zone) {
        String canonical = new TreeMap<>(config.match().attributes()) + "|"
                + new TreeSet<>(config.match().models()) + "|" + config.match().key() + "|" + config.per() + "|"
                + config.window() + "|" + zone.getId();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
