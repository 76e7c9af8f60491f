package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredAttributionTest {

    static final Attribution FEATURE_ONLY = new Attribution("chat", Attribution.UNATTRIBUTED,
            Attribution.UNATTRIBUTED, "free", Attribution.UNATTRIBUTED, "prod", Attribution.UNATTRIBUTED);

    @Test
    void requestCarryingEveryRequiredDimensionPasses() {
        assertThatCode(() -> RequiredAttribution.check(List.of(Dimension.FEATURE, Dimension.TIER), FEATURE_ONLY,
                Dimension::defaultHeader)).doesNotThrowAnyException();
        assertThatCode(() -> RequiredAttribution.check(List.of(), Attribution.none(), Dimension::defaultHeader))
                .as("nothing required: unattributed requests are allowed").doesNotThrowAnyException();
    }

    @Test
    void missingDimensionsAreAllNamedInOne400() {
        assertThatThrownBy(() -> RequiredAttribution.check(
                List.of(Dimension.FEATURE, Dimension.TEAM, Dimension.CUSTOMER), FEATURE_ONLY,
                Dimension::defaultHeader))
                .isInstanceOfSatisfying(GuardRejection.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.code()).isEqualTo("missing_attribution");
                })
                .hasMessageContaining("X-LLM-Team, X-LLM-Customer")
                .hasMessageNotContaining("X-LLM-Feature");
    }

    @Test
    void messageUsesTheConfiguredHeaderNames() {
        assertThatThrownBy(() -> RequiredAttribution.check(List.of(Dimension.TEAM), FEATURE_ONLY,
                d -> "X-Acme-" + d.key()))
                .hasMessageContaining("X-Acme-team");
    }
}
