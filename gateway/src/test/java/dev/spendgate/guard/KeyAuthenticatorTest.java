package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.KeyConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class KeyAuthenticatorTest {

    static final String SEARCH_KEY = "sg-search-7f3c9a1e";
    static final String BATCH_KEY = "sg-batch-0b2d4e6f";
    static final KeyConfig SEARCH = new KeyConfig("search-service", KeyAuthenticator.sha256Hex(SEARCH_KEY),
            Map.of(Dimension.TEAM, "search", Dimension.ENVIRONMENT, "production"), Set.of("gpt-4o-mini"),
            List.of(Dimension.FEATURE));
    static final KeyConfig BATCH = new KeyConfig("batch",
            KeyAuthenticator.sha256Hex(BATCH_KEY).toUpperCase(Locale.ROOT), Map.of(), Set.of(), List.of());

    final KeyAuthenticator auth = new KeyAuthenticator(List.of(SEARCH, BATCH));

    static GuardRejection rejection(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(GuardRejection.class);
        return (GuardRejection) t;
    }

    @Test
    void hashIsLowerCaseHexSha256OfTheKey() {
        assertThat(KeyAuthenticator.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keyIsTakenFromBearerThenXApiKeyThenApiKey() {
        assertThat(auth.authenticate("Bearer " + SEARCH_KEY, null, null).name()).isEqualTo("search-service");
        assertThat(auth.authenticate("bEaReR  " + SEARCH_KEY + " ", null, null).header()).isEqualTo("authorization");
        assertThat(auth.authenticate(null, SEARCH_KEY, null).header()).isEqualTo("x-api-key");
        assertThat(auth.authenticate(null, null, SEARCH_KEY).header()).isEqualTo("api-key");
        assertThat(auth.authenticate("Bearer " + BATCH_KEY, SEARCH_KEY, SEARCH_KEY).name())
                .as("Authorization wins; an upper-case configured hash still matches").isEqualTo("batch");
        assertThat(auth.authenticate("Basic Zm9vOmJhcg==", BATCH_KEY, null).name())
                .as("a non-Bearer Authorization is not a gateway key").isEqualTo("batch");
    }

    @Test
    void requestWithoutKeyGets401NamingTheHeadersToUse() {
        GuardRejection r = rejection(() -> auth.authenticate(null, "  ", null));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("missing_gateway_key");
        assertThat(r.getMessage()).contains("Authorization: Bearer", "x-api-key", "api-key");
        assertThat(rejection(() -> auth.authenticate("Bearer ", null, null)).code())
                .isEqualTo("missing_gateway_key");
    }

    @Test
    void unknownKeyGets401WithoutEchoingIt() {
        GuardRejection r = rejection(() -> auth.authenticate("Bearer sk-not-a-gateway-key", null, null));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_gateway_key");
        assertThat(r.getMessage()).doesNotContain("sk-not-a-gateway-key").contains("authorization");
    }

    @Test
    void withoutConfiguredKeysEveryRequestIsAnonymous() {
        KeyAuthenticator none = new KeyAuthenticator(List.of());
        assertThat(none.enabled()).isFalse();
        assertThat(none.authenticate(null, null, null)).isEqualTo(KeyResult.anonymous());
        assertThat(none.authenticate("Bearer sk-provider-key", null, null).name()).isNull();
        assertThat(auth.enabled()).isTrue();
    }

    @Test
    void keyAttributionFillsMissingHeadersAndHeadersFillTheRest() {
        Attribution headers = new Attribution("summarize", Attribution.UNATTRIBUTED, "acme", "free",
                Attribution.UNATTRIBUTED, "production", "s1");
        Attribution narrowed = auth.narrow(SEARCH, headers);
        assertThat(narrowed).isEqualTo(
                new Attribution("summarize", "search", "acme", "free", Attribution.UNATTRIBUTED, "production", "s1"));
        assertThat(auth.narrow(BATCH, headers)).as("a key fixing nothing keeps the headers").isSameAs(headers);
    }

    @Test
    void headerThatContradictsTheKeyIsRejectedWith403() {
        Attribution widening = new Attribution("summarize", "ads", "acme", "free", "e", "production", "s");
        GuardRejection r = rejection(() -> auth.narrow(SEARCH, widening));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("attribution_conflict");
        assertThat(r.getMessage()).contains("X-LLM-Team", "'ads'", "'search-service'", "'search'")
                .doesNotContain(SEARCH_KEY);

        KeyAuthenticator renamed = new KeyAuthenticator(List.of(SEARCH), d -> "X-Acme-" + d.key());
        assertThat(rejection(() -> renamed.narrow(SEARCH, widening)).getMessage()).contains("X-Acme-team");
    }

    @Test
    void modelOutsideTheKeyAllowlistIsRejectedWith403() {
        assertThatCode(() -> auth.checkModel(SEARCH, "gpt-4o-mini")).doesNotThrowAnyException();
        GuardRejection r = rejection(() -> auth.checkModel(SEARCH, "gpt-4o"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("model_not_allowed");
        assertThat(r.getMessage()).contains("'search-service'", "'gpt-4o'", "[gpt-4o-mini]");
        assertThatCode(() -> auth.checkModel(BATCH, "anything")).as("empty allowlist = every model")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.checkModel(SEARCH, "claude-sonnet")).isInstanceOf(GuardRejection.class);
    }
}
