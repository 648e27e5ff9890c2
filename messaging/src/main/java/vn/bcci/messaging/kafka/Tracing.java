package vn.bcci.messaging.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One trace per change across services: the W3C trace context ({@code traceparent}, {@code tracestate}) of the span
 * that made a change is kept with what the change left behind (an outbox row, a portal-sync dossier or entry) and
 * continued by whatever acts on it later, in another transaction or on another instance: the relay's publish span, a
 * consumer's span, a portal call. On Kafka the context travels as the CloudEvents distributed-tracing extension
 * ({@code ce_traceparent}, {@code ce_tracestate} headers).
 * <p>
 * Work done for several changes at once (a poll of events, a portal call for a batch of dossiers) is one span whose
 * parent is the first change's context and which links to the others: alone, a change's work is in its own trace.
 */
@ApplicationScoped
public class Tracing {
    /** A stored trace context; {@code traceparent} null when there was none. */
    public record Parent(String traceparent, String tracestate) {
        public static final Parent NONE = new Parent(null, null);
    }

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Tracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("vn.bcci.messaging");
    }

    /** The context of the span current now, to keep with what it changes. */
    public Parent current() {
        return of(Span.current().getSpanContext());
    }

    /** The context of {@code span}, to hand to what continues it. */
    public static Parent of(Span span) {
        return of(span.getSpanContext());
    }

    private static Parent of(SpanContext context) {
        if (!context.isValid()) {
            return Parent.NONE;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(context)), carrier, Map::put);
        return new Parent(carrier.get("traceparent"), carrier.get("tracestate"));
    }

    /** A stored context as a parent; the root context when there is none or it cannot be read. */
    public static Context context(Parent parent) {
        if (parent == null || parent.traceparent() == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", parent.traceparent());
        if (parent.tracestate() != null) {
            carrier.put("tracestate", parent.tracestate());
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP);
    }

    /**
     * Starts a span continuing the changes of {@code parents}: child of the first that has a context, linked to the
     * others. The caller makes it current ({@code span.makeCurrent()}) if its work should be inside, and ends it.
     */
    public Span start(String name, SpanKind kind, List<Parent> parents) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind);
        Context first = null;
        for (Parent p : parents) {
            Context c = context(p);
            SpanContext sc = Span.fromContext(c).getSpanContext();
            if (!sc.isValid()) {
                continue;
            }
            if (first == null) {
                first = c;
            } else {
                builder.addLink(sc);
            }
        }
        builder.setParent(first != null ? first : Context.root());
        if (parents.size() > 1) {
            builder.setAttribute("bcci.batch.size", parents.size());
        }
        return builder.startSpan();
    }
}
