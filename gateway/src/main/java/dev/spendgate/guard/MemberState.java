package dev.spendgate.guard;

/**
 * One member of a budget as the admin API shows it (e.g. one customer of a {@code per: customer} budget).
 *
 * @param member the member (the {@code per} dimension's value, {@code ""} for an unsplit budget)
 * @param state  the member's totals (which buckets are summed is documented where the state is produced)
 */
public record MemberState(String member, WindowState state) {
}
