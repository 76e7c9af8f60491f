package dev.spendgate.demo;

import java.time.Duration;

/** The drawn timing of one answer: delay before the first token, then between tokens. */
record SimPacing(Duration firstToken, Duration perToken) {

    static final SimPacing IMMEDIATE = new SimPacing(Duration.ZERO, Duration.ZERO);

    /** Total time of a non-streamed answer of {@code tokens} tokens. */
    Duration whole(int tokens) {
        return firstToken.plus(perToken.multipliedBy(tokens));
    }

    /** The same pacing with extra time before the first token ({@code x-sim-fault: slow}). */
    SimPacing delayedBy(Duration extra) {
        return new SimPacing(firstToken.plus(extra), perToken);
    }
}
