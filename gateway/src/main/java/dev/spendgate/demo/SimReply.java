package dev.spendgate.demo;

import java.util.List;
import java.util.Map;

/** What an endpoint answers, before pacing and fault injection turn it into bytes on the wire. */
sealed interface SimReply {

    /** A complete body (JSON answer or error) sent after {@code pacing.whole(tokens)}. */
    record Body(int status, Map<String, String> headers, String body, SimPacing pacing, int tokens)
            implements SimReply {
    }

    /**
     * A {@code text/event-stream} answer: every frame is one complete SSE event including its blank line. The
     * first frame waits for the first-token delay, each later one for the per-token delay.
     */
    record Events(Map<String, String> headers, List<String> frames, SimPacing pacing) implements SimReply {
    }
}
