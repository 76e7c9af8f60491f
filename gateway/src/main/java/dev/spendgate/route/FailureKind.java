package dev.spendgate.route;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Why an upstream attempt failed, as far as routing cares: each kind may trigger a retry of the same target, a
 * fallback to the next model, or (for {@link #CONTEXT_LENGTH}) the model's {@code context_fallback}. YAML writes
 * them in lower snake case, e.g. {@code rate_limited}.
 */
public enum FailureKind {
    RATE_LIMITED,
    SERVER_ERROR,
    OVERLOADED,
    CONNECT_ERROR,
    TIMEOUT,
    CONTEXT_LENGTH;

    /** The kinds that retry the same target and trigger {@code fallbacks} (everything but context length). */
    public static final Set<FailureKind> TRANSIENT = Collections.unmodifiableSet(
            EnumSet.of(RATE_LIMITED, SERVER_ERROR, OVERLOADED, CONNECT_ERROR, TIMEOUT));

    /** The YAML name, e.g. {@code rate_limited}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this YAML name, or null. */
    public static @Nullable FailureKind fromYaml(String name) {
        for (FailureKind k : values()) {
            if (k.yamlName().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
