package dev.spendgate.route;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Classifies an upstream error response by status and the first bytes of its body (the body may be cut off, so
 * it is matched as text, not parsed as JSON):
 * <ul>
 *   <li>429: {@link FailureKind#RATE_LIMITED} (OpenAI's {@code insufficient_quota} too: another deployment or model
 *       may still have quota);</li>
 *   <li>529, or an error of type {@code overloaded_error} (Anthropic): {@link FailureKind#OVERLOADED};</li>
 *   <li>500-599: {@link FailureKind#SERVER_ERROR};</li>
 *   <li>400/413 with OpenAI's {@code "code":"context_length_exceeded"}, or an {@code invalid_request_error} whose
 *       message says the prompt is too long or exceeds the context window / limit / maximum context length
 *       (Anthropic's "input length and `max_tokens` exceed context limit" included):
 *       {@link FailureKind#CONTEXT_LENGTH};</li>
 *   <li>anything else: null (a client error that another model would fail the same way).</li>
 * </ul>
 * Connect errors and timeouts have no status; the caller maps them to {@link FailureKind#CONNECT_ERROR} and
 * {@link FailureKind#TIMEOUT}. Stateless.
 */
public final class FailureClassifier {

    private static final Pattern OVERLOADED = Pattern.compile("\"type\"\\s*:\\s*\"overloaded_error\"");
    private static final Pattern CONTEXT_CODE = Pattern.compile("\"code\"\\s*:\\s*\"context_length_exceeded\"");
    private static final Pattern INVALID_REQUEST = Pattern.compile("\"type\"\\s*:\\s*\"invalid_request_error\"");
    private static final Pattern CONTEXT_MESSAGE = Pattern.compile("(?i)prompt is too long|too many (input )?tokens"
            + "|exceeds? (the )?(model's )?(maximum )?context (window|length|limit)|maximum context length");
    private static final int OVERLOADED_STATUS = 529;

    private FailureClassifier() {
    }

    /** The failure kind, or null when the response is not a failure that retries or fallbacks can help. */
    public static @Nullable FailureKind classify(int status, byte[] bodyPrefix) {
        if (status == 429) {
            return FailureKind.RATE_LIMITED;
        }
        String body = new String(bodyPrefix, StandardCharsets.UTF_8);
        if (status == OVERLOADED_STATUS || status >= 400 && OVERLOADED.matcher(body).find()) {
            return FailureKind.OVERLOADED;
        }
        if (status >= 500 && status <= 599) {
            return FailureKind.SERVER_ERROR;
        }
        if ((status == 400 || status == 413) && (CONTEXT_CODE.matcher(body).find()
                || INVALID_REQUEST.matcher(body).find() && CONTEXT_MESSAGE.matcher(body).find())) {
            return FailureKind.CONTEXT_LENGTH;
        }
        return null;
    }
}
