package dev.spendgate.metrics;

import dev.spendgate.ledger.UsageRecord;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a record's raw values into bounded label values: one {@link LabelLimiter} per label name, so each label
 * holds at most {@code maxLabelValues} distinct values; an absent provider or model is {@value LabelLimiter#NONE}.
 */
final class RecordLabeler {

    private final LabelLimiter feature;
    private final LabelLimiter team;
    private final LabelLimiter tier;
    private final LabelLimiter experiment;
    private final LabelLimiter environment;
    private final LabelLimiter provider;
    private final LabelLimiter model;
    private final LabelLimiter endpoint;
    private final LabelLimiter usageSource;
    private final LabelLimiter outcome;
    private final Set<String> knownModels;

    /**
     * @param knownModels the configured model aliases: any other requested model (an unknown one the gateway
     *                    refused) is labelled {@code other}, so clients cannot fill the model label's slots; empty
     *                    means no allowlist
     */
    RecordLabeler(int maxLabelValues, Set<String> knownModels) {
        this.knownModels = Set.copyOf(knownModels);
        feature = new LabelLimiter(maxLabelValues);
        team = new LabelLimiter(maxLabelValues);
        tier = new LabelLimiter(maxLabelValues);
        experiment = new LabelLimiter(maxLabelValues);
        environment = new LabelLimiter(maxLabelValues);
        provider = new LabelLimiter(maxLabelValues);
        model = new LabelLimiter(maxLabelValues);
        // Endpoint, usage source and outcome come from enums; the cap is only a seatbelt for them.
        endpoint = new LabelLimiter(maxLabelValues);
        usageSource = new LabelLimiter(maxLabelValues);
        outcome = new LabelLimiter(maxLabelValues);
    }

    /** The spend labels of a record. */
    SpendLabels labels(UsageRecord r) {
        return new SpendLabels(
                feature.limit(r.feature()),
                team.limit(r.team()),
                tier.limit(r.tier()),
                experiment.limit(r.experiment()),
                environment.limit(r.environment()),
                provider.limit(orNone(r.provider())),
                model.limit(modelLabel(r.requestedModel())),
                endpoint.limit(r.endpoint()),
                usageSource.limit(r.usageSource()));
    }

    /** The outcome label of a record. */
    String outcome(UsageRecord r) {
        return outcome.limit(r.outcome());
    }

    private String modelLabel(@Nullable String requested) {
        String v = orNone(requested);
        return knownModels.isEmpty() || v.equals(LabelLimiter.NONE) || knownModels.contains(v) ? v
                : LabelLimiter.OTHER;
    }

    private static String orNone(@Nullable String v) {
        return v == null || v.isBlank() ? LabelLimiter.NONE : v;
    }
}
