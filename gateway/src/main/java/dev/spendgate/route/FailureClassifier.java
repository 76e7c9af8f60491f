package dev.spendgate.route;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** TEMPORARY: replaced by the routing branch's classifier at merge. */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /** The failure class of a provider error response, or null when no retry or fallback applies. */
    public static @Nullable FailureKind classify(int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        if (status == 429) {
            return FailureKind.RATE_LIMITED;
        }
        if (status == 529 || text.contains("overloaded_error")) {
            return FailureKind.OVERLOADED;
        }
        if (status >= 500) {
            return FailureKind.SERVER_ERROR;
        }
        if ((status == 400 || status == 413) && (text.contains("context_length_exceeded")
                || text.contains("prompt is too long"))) {
            return FailureKind.CONTEXT_LENGTH;
        }
        return null;
    }
}
