package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Enforces {@code require: [feature, ...]} (global or per gateway key). By default requests without attribution
 * headers are allowed and recorded as {@value Attribution#UNATTRIBUTED}; a required dimension turns that into a 400.
 */
public final class RequiredAttribution {

    private RequiredAttribution() {
    }

    /**
     * Throws when any of {@code required} is {@value Attribution#UNATTRIBUTED} in {@code attribution}.
     *
     * @param headerName the header a client sends each dimension in (YAML may rename them)
     * @throws GuardRejection 400 {@code missing_attribution}, naming every missing header at once so a client
     *                        fixes them in one round trip
     */
    public static void check(List<Dimension> required, Attribution attribution,
            Function<Dimension, String> headerName) {
        List<String> missing = null;
        for (Dimension d : required) {
            if (Attribution.UNATTRIBUTED.equals(attribution.get(d))) {
                if (missing == null) {
                    missing = new ArrayList<>(required.size());
                }
                missing.add(headerName.apply(d));
            }
        }
        if (missing != null) {
            throw new GuardRejection(400, GuardRejection.MISSING_ATTRIBUTION,
                    "missing required attribution header" + (missing.size() > 1 ? "s" : "") + ": "
                            + String.join(", ", missing) + " (this gateway requires "
                            + (missing.size() > 1 ? "them" : "it") + " on every request)");
        }
    }
}
