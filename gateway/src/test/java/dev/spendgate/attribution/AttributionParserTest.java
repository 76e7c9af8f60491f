package dev.spendgate.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spendgate.config.AttributionConfig;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AttributionParserTest {

    private static AttributionParser parser(Map<Dimension, String> renamed) {
        Map<Dimension, String> names = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            names.put(d, renamed.getOrDefault(d, d.defaultHeader()));
        }
        return new AttributionParser(new AttributionConfig(names, 16));
    }

    private static Attribution parse(AttributionParser parser, Map<String, List<String>> headers) {
        Map<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return parser.parse(name -> ci.getOrDefault(name, List.of()));
    }

    @Test
    void missingAndBlankValuesAreUnattributed() {
        Attribution a = parse(parser(Map.of()), Map.of("X-LLM-Feature", List.of("  search "),
                "X-LLM-Team", List.of("   ")));
        assertThat(a.feature()).isEqualTo("search");
        assertThat(a.team()).isEqualTo(Attribution.UNATTRIBUTED);
        assertThat(a.customer()).isEqualTo(Attribution.UNATTRIBUTED);
        assertThat(a.session()).isEqualTo(Attribution.UNATTRIBUTED);
    }

    @Test
    void renamedHeadersAreRead() {
        Attribution a = parse(parser(Map.of(Dimension.CUSTOMER, "X-Tenant")),
                Map.of("x-tenant", List.of("acme"), "X-LLM-Customer", List.of("ignored")));
        assertThat(a.customer()).isEqualTo("acme");
    }

    @Test
    void tooLongValueIsRefusedNamingTheHeaderNotTheValue() {
        assertThatThrownBy(() -> parse(parser(Map.of()), Map.of("X-LLM-Customer", List.of("c".repeat(17)))))
                .isInstanceOf(InvalidAttributionException.class)
                .hasMessageContaining("X-LLM-Customer").hasMessageContaining("at most 16")
                .hasMessageNotContaining("ccccc");
    }

    @Test
    void controlCharacterIsRefused() {
        assertThatThrownBy(() -> parse(parser(Map.of()), Map.of("X-LLM-Tier", List.of("fr\u0001ee"))))
                .isInstanceOf(InvalidAttributionException.class)
                .hasMessageContaining("X-LLM-Tier").hasMessageContaining("control character");
    }

    @Test
    void utf8ValuesAsNettyDeliversThemAreDecodedAndCountedInCharacters() {
        String wire = new String("café-日本".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(parse(parser(Map.of()), Map.of("X-LLM-Customer", List.of(wire))).customer()).isEqualTo("café-日本");
        String sixteen = new String("日".repeat(16).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(parse(parser(Map.of()), Map.of("X-LLM-Team", List.of(sixteen))).team()).hasSize(16);
    }

    @Test
    void invalidUtf8AndC1ControlsAreRefused() {
        assertThatThrownBy(() -> parse(parser(Map.of()), Map.of("X-LLM-Team", List.of("a\u00ffb"))))
                .isInstanceOf(InvalidAttributionException.class).hasMessageContaining("UTF-8");
        String c1 = new String("a\u0085b".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(parser(Map.of()), Map.of("X-LLM-Team", List.of(c1))))
                .isInstanceOf(InvalidAttributionException.class).hasMessageContaining("control character");
    }

    @Test
    void headerSentTwiceWithDifferentValuesIsRefused() {
        assertThatThrownBy(() -> parse(parser(Map.of()), Map.of("X-LLM-Feature", List.of("a", "b"))))
                .isInstanceOf(InvalidAttributionException.class).hasMessageContaining("2 times");
        assertThat(parse(parser(Map.of()), Map.of("X-LLM-Feature", List.of("a", " a"))).feature()).isEqualTo("a");
    }
}
