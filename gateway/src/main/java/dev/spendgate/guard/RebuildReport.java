package dev.spendgate.guard;

import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What {@link BudgetRebuilder#rebuild} found in the ledger.
 *
 * @param files     the day files read, oldest first (days without a file are not listed)
 * @param records   whole records read
 * @param matched   records charged to at least one budget
 * @param malformed lines skipped because they are not a whole record (torn writes, garbage)
 * @param budgets   by budget name, in config order: the spend added to its current window(s), all members
 * @param elapsed   how long the rebuild took
 */
public record RebuildReport(List<Path> files, long records, long matched, long malformed,
        Map<String, Amount> budgets, Duration elapsed) {

    /** Copies the collections. */
    public RebuildReport {
        files = List.copyOf(files);
        budgets = Collections.unmodifiableMap(new LinkedHashMap<>(budgets));
    }

    /** A one-line summary for the log: counts, then each budget's spend added. */
    public String summary() {
        StringJoiner b = new StringJoiner(", ", "; ", "").setEmptyValue("");
        budgets.forEach((name, a) -> b.add(name + " $" + a.usd().setScale(6, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + " / " + a.tokens() + " tokens / " + a.requests()
                + " requests"));
        return files.size() + " files, " + records + " records, " + matched + " matched, " + malformed
                + " malformed skipped, " + elapsed.toMillis() + " ms" + b;
    }
}
