package vn.bcci.support.http;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

import vn.bcci.contracts.InputRules;

/**
 * The services' JSON reading distrusts its input (docs: "Hostile input"): a key given twice and content after the
 * value are refused ({@code STRICT_DUPLICATE_DETECTION}, {@code FAIL_ON_TRAILING_TOKENS}); every string is refused
 * when it holds a control character ({@link InputRules#textProblem}); every instant is refused outside
 * {@link InputRules#EARLIEST} to {@link InputRules#LATEST}. Each refusal names the field (problem+json 400 through
 * {@code ProblemMappers}). Per-field horizons (how far after now) are the services' own rules. A field the request does
 * not have is refused too (a misspelt optional field would otherwise be dropped without a word); a new field comes
 * with a new API version. VNPost's raw events are the exception ({@code VnpostTrackingEvent} ignores unknown fields:
 * a carrier feed grows on its own schedule).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SimpleModule rules = new SimpleModule("bcci-input-rules");
        rules.addDeserializer(String.class, new CleanText());
        rules.addDeserializer(Instant.class, new PlausibleInstant());
        mapper.registerModule(rules);
    }

    /** A value that is JSON of the right type but breaks one of these rules; its message is the rule. */
    public static final class BrokenRule extends InvalidFormatException {
        BrokenRule(JsonParser p, String rule, Object value, Class<?> type) {
            super(p, rule, value, type);
        }
    }

    /** A string without refused control characters. */
    static final class CleanText extends StdScalarDeserializer<String> {
        CleanText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) { // no number, boolean or object quietly made into text
                throw new BrokenRule(p, "must be a JSON string", p.currentToken(), String.class);
            }
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = InputRules.textProblem(value);
            if (problem != null) {
                throw new BrokenRule(p, problem, value, String.class);
            }
            return value;
        }
    }

    /** An ISO-8601 instant within the platform's window. */
    static final class PlausibleInstant extends StdScalarDeserializer<Instant> {
        PlausibleInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && (value.isBefore(InputRules.EARLIEST) || value.isAfter(InputRules.LATEST))) {
                throw new BrokenRule(p, "must be between " + InputRules.EARLIEST + " and " + InputRules.LATEST,
                        p.getText(), Instant.class);
            }
            return value;
        }
    }
}
