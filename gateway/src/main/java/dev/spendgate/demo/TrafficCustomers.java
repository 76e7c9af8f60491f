package dev.spendgate.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's 50 customers ({@code cust-0001} .. {@code cust-0050}) with fixed tiers and Zipf-like weights, so a few
 * customers dominate spend as in real products. Each customer keeps a session for 2-6 requests before starting a
 * new one. Not thread-safe: only {@link TrafficMix} calls it, under its lock.
 */
final class TrafficCustomers {

    static final int COUNT = 50;

    /** A customer and the session this request belongs to. */
    record Pick(String customer, String tier, String session, int turn) {
    }

    private final List<State> customers = new ArrayList<>();
    private final double[] cumulative = new double[COUNT];

    TrafficCustomers() {
        double sum = 0;
        for (int i = 1; i <= COUNT; i++) {
            String tier = i % 10 == 0 ? "enterprise" : i % 3 == 0 ? "pro" : "free";
            customers.add(new State(String.format("cust-%04d", i), tier));
            sum += 1 / Math.pow(i, 0.9);
            cumulative[i - 1] = sum;
        }
        for (int i = 0; i < COUNT; i++) {
            cumulative[i] /= sum;
        }
    }

    Pick pick(SplittableRandom rng) {
        double u = rng.nextDouble();
        int index = 0;
        while (index < COUNT - 1 && cumulative[index] < u) {
            index++;
        }
        State state = customers.get(index);
        if (state.left == 0) {
            state.session = "sess-" + SimIds.hex(rng, 12);
            state.left = 2 + rng.nextInt(5);
            state.turn = 0;
        }
        state.left--;
        state.turn++;
        return new Pick(state.id, state.tier, state.session, state.turn);
    }

    private static final class State {
        private final String id;
        private final String tier;
        private String session = "";
        private int left;
        private int turn;

        State(String id, String tier) {
            this.id = id;
            this.tier = tier;
        }
    }
}
