package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The reference for the ledger's line format: how the gateway serialised a {@link UsageRecord} before
 * {@link LedgerJson} (Jackson databind on the record, snake_case keys with digit runs split, instants as
 * {@link Instant#toString()}, costs as plain decimal strings). {@link LedgerJsonGoldenTest} proves the streaming
 * writer produces exactly these bytes; this class only exists for that comparison.
 */
final class DatabindLedgerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(new SnakeCaseWithDigits())
            .registerModule(new SimpleModule("spendgate-ledger")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addSerializer(BigDecimal.class, new PlainDecimalSerializer()));

    private DatabindLedgerJson() {
    }

    /** One record as a UTF-8 JSON line ending in {@code \n}. */
    static byte[] line(UsageRecord record) throws JsonProcessingException {
        byte[] json = MAPPER.writeValueAsBytes(record);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /**
     * Jackson's SNAKE_CASE only splits before capitals, which would give {@code cache_write5m_tokens}; this also
     * splits before a digit run so the key matches the metric type label {@code cache_write_5m}.
     */
    private static final class SnakeCaseWithDigits extends PropertyNamingStrategies.SnakeCaseStrategy {
        private static final long serialVersionUID = 1L;
        private static final Pattern LETTER_DIGIT = Pattern.compile("([a-z])(\\d)");

        @Override
        public String translate(String input) {
            return LETTER_DIGIT.matcher(super.translate(input)).replaceAll("$1_$2");
        }
    }

    /** {@link Instant#toString()} is ISO-8601 in UTC; no jsr310 module is needed for this one type. */
    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** A string, not a JSON number, so no reader turns an exact cost into a double on the way in. */
    private static final class PlainDecimalSerializer extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(value.toPlainString());
        }
    }
}
