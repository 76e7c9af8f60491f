package dev.spendgate.metering;

/**
 * The rules of a cheap upper bound of {@link TokenEstimator#estimateInput}, for any endpoint and any model, that a
 * single pass over the request bytes can add up without running a tokenizer ({@code inspect.RequestInspector}
 * does, while it reads the body). Why the sum below is never less than the estimate:
 * <ul>
 *   <li>A BPE token (o200k, cl100k) covers at least one byte of the UTF-8 text, so the tokens of a string are at
 *       most its UTF-8 bytes, which are at most its bytes in the JSON source (an escape such as {@code \n} or
 *       {@code \u00e9} is never shorter than what it stands for). The estimate reads only the
 *       {@linkplain #counted counted top-level fields}, and the parts it reads or serialises (a string once, a
 *       {@code tools} list or a tool's {@code input} as its compact JSON text) do not overlap: so the raw bytes
 *       of those fields' values bound them, plus {@link #FLOAT_SLACK} per decimal number, which is the only thing
 *       the compact text can write longer than the source ({@code 1e-6} becomes {@code 0.000001}). Token ids
 *       (embeddings, completions) count one per id, and an id takes at least one byte.</li>
 *   <li>Framing: at most {@link #PER_MESSAGE} per element of {@code messages} and {@link #PER_INPUT_ITEM} per
 *       element of {@code input} (or once for a string {@code input}), plus {@link #REPLY_PRIMING} once.</li>
 *   <li>Media: at most {@link #PER_MEDIA} per object whose {@code type} is an image or document type (any
 *       object in a counted field is taken for one), and when a document type is present, a third of the
 *       counted bytes (a document is charged a third of its longest string; documents never nest in the
 *       estimate, so their strings are disjoint).</li>
 * </ul>
 * The bound is about the bytes-per-token ratio of the text above the estimate (about 4x for English prose), so
 * it suits worst-case reservations and "surely fits" checks, not billing.
 */
public final class InputTokenBounds {

    /** A chat or Anthropic message: its framing and an optional {@code name}. */
    public static final long PER_MESSAGE = RequestTokenCounter.TOKENS_PER_MESSAGE
            + RequestTokenCounter.TOKENS_PER_NAME;
    /** A Responses {@code input} item (or a string {@code input}). */
    public static final long PER_INPUT_ITEM = RequestTokenCounter.TOKENS_PER_MESSAGE;
    /** The reply priming, added once (every endpoint adds it at most once). */
    public static final long REPLY_PRIMING = RequestTokenCounter.REPLY_PRIMING;
    /** An image or document part, beyond its bytes. */
    public static final long PER_MEDIA = RequestTokenCounter.IMAGE_TOKENS;
    /**
     * What re-serialising one decimal number may add to its source length: scientific notation written plain
     * ({@code 1e-6} as {@code 0.000001}: +4) or with a sign and a point ({@code 1234567890e1} as
     * {@code 1.234567890E+10}: +3); a double written by {@code Double.toString} ({@code 1e6} as {@code 1000000.0})
     * adds at most 6. 8 covers both.
     */
    public static final long FLOAT_SLACK = 8;

    private InputTokenBounds() {
    }

    /** Whether a top-level field is read by the estimate of some endpoint. */
    public static boolean counted(String field) {
        return switch (field) {
            case "messages", "tools", "functions", "instructions", "input", "prompt", "system" -> true;
            default -> false;
        };
    }

    /** Framing per element of a counted top-level field: messages, input items, or none. */
    public static long perElement(String field) {
        return switch (field) {
            case "messages" -> PER_MESSAGE;
            case "input" -> PER_INPUT_ITEM;
            default -> 0;
        };
    }

    /** Whether an object with this {@code type} is charged as an image or a document. */
    public static boolean media(String type) {
        return RequestTokenCounter.IMAGE_TYPES.contains(type) || document(type);
    }

    /** Whether an object with this {@code type} is charged by the length of its data. */
    public static boolean document(String type) {
        return RequestTokenCounter.DOCUMENT_TYPES.contains(type);
    }
}
