package dev.spendgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.MemberState;
import dev.spendgate.metrics.BudgetReader;
import dev.spendgate.metrics.BudgetReading;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The body of {@code GET /admin/budgets}: every budget as the gateway sees it (window, zone, enforcement, limits,
 * ladder) with its current window's state. An unsplit budget shows its spent, reserved and remaining amounts and
 * utilisation; a {@code per:} budget shows its member count, the totals over members, and its top
 * {@value #TOP_MEMBERS} members by committed USD with each one's state. Member ids (e.g. customer ids) appear
 * here and nowhere in metrics: the admin port is internal. USD amounts are plain decimal strings, as in the
 * ledger, so no reader rounds them through a double.
 *
 * <pre>
 * {"now": "...", "budgets": [{"name": "free-daily", "window": "day", "time_zone": "UTC", "enforce": true,
 *   "match": {..}, "per": "customer", "limits": {"usd": "0.5"}, "ladder": [{"at": 0.8, "action": "warn"}, ..],
 *   "current": {"start": "...", "resets_at": "...", "members": 3, "spent": {"usd": "1.05", "tokens": 3000,
 *   "requests": 3}, "reserved": {..}, "utilization": 1.0, "top_members": [{"member": "cust-b", ..}]}}]}
 * </pre>
 *
 * Reading a {@code per:} budget is a pass over all its members: serve this off the event loop.
 */
public final class BudgetsView {

    /** How many members of a {@code per:} budget are listed. */
    public static final int TOP_MEMBERS = 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Supplier<BudgetGuard> guard;
    private final Clock clock;

    /**
     * @param guard the current snapshot's budget guard (read per call; it changes on reload)
     * @param clock the clock the guard's windows run on (the guard state's clock)
     */
    public BudgetsView(Supplier<BudgetGuard> guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    /** The JSON document, pretty-printed (it is read by people with curl as often as by tools). */
    public String json() {
        Instant now = clock.instant();
        ObjectNode root = MAPPER.createObjectNode().put("now", now.toString());
        ArrayNode budgets = root.putArray("budgets");
        for (BudgetReading r : BudgetReader.read(guard.get(), now)) {
            budgets.add(budget(r));
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serialises", e);
        }
    }

    private static ObjectNode budget(BudgetReading r) {
        BudgetConfig c = r.budget().config();
        ObjectNode b = MAPPER.createObjectNode()
                .put("name", c.name())
                .put("window", r.windowLabel())
                .put("time_zone", r.budget().zone().getId())
                .put("enforce", c.enforce());
        b.set("match", BudgetJson.match(c.match()));
        if (c.per() != null) {
            b.put("per", c.per().key());
        }
        b.set("limits", BudgetJson.limits(r.budget().limits()));
        ArrayNode ladder = b.putArray("ladder");
        for (LadderStep s : c.actions()) {
            ObjectNode step = ladder.addObject().put("at", s.at()).put("action", s.action().label());
            if (s.to() != null) {
                step.put("to", s.to());
            }
        }
        if (c.clampMinTokens() != null) {
            b.put("clamp_min_tokens", c.clampMinTokens());
        }
        b.set("current", current(r));
        return b;
    }

    private static ObjectNode current(BudgetReading r) {
        ObjectNode w = MAPPER.createObjectNode()
                .put("start", r.window().start().toString())
                .put("resets_at", r.window().resetsAt().toString());
        if (r.split()) {
            w.put("members", r.members().size());
        }
        w.set("spent", BudgetJson.amount(r.total().spent()));
        w.set("reserved", BudgetJson.amount(r.total().reserved()));
        if (!r.split()) {
            w.set("remaining", BudgetJson.remaining(r));
        }
        w.put("utilization", r.utilisation());
        if (r.split()) {
            w.set("top_members", top(r));
        }
        return w;
    }

    /** The first {@value #TOP_MEMBERS} members, largest committed USD first (the store's order). */
    private static ArrayNode top(BudgetReading r) {
        ArrayNode top = MAPPER.createArrayNode();
        for (MemberState m : r.members().subList(0, Math.min(TOP_MEMBERS, r.members().size()))) {
            ObjectNode member = top.addObject().put("member", m.member());
            member.set("spent", BudgetJson.amount(m.state().spent()));
            member.set("reserved", BudgetJson.amount(m.state().reserved()));
            member.put("utilization", r.utilisation(m));
        }
        return top;
    }
}
