package vn.bcci.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An OTLP/HTTP receiver of the test's own (protobuf, {@code POST /v1/traces}), as an OpenTelemetry collector would be:
 * the services export their spans here and the tests read them back.
 */
public final class SpanCollector implements AutoCloseable {
    /** One span as exported. Ids in hex; {@code parentSpanId} empty for a root. */
    public record Received(String service, String traceId, String spanId, String parentSpanId, String name,
            String kind, long startNanos, long endNanos, Map<String, String> attributes, List<String> links) {
        public double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();

    public SpanCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::receive);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())
                    && exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                take(ExportTraceServiceRequest.parseFrom(body));
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("[spans] export refused: " + e);
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    private void take(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = rs.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(a -> a.getValue().getStringValue())
                    .findFirst().orElse("?");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    Map<String, String> attributes = new HashMap<>();
                    for (KeyValue kv : s.getAttributesList()) {
                        attributes.put(kv.getKey(), kv.getValue().hasStringValue()
                                ? kv.getValue().getStringValue()
                                : String.valueOf(kv.getValue().hasIntValue()
                                        ? kv.getValue().getIntValue()
                                        : kv.getValue().toString().trim()));
                    }
                    spans.add(new Received(service, hex.formatHex(s.getTraceId().toByteArray()),
                            hex.formatHex(s.getSpanId().toByteArray()),
                            hex.formatHex(s.getParentSpanId().toByteArray()), s.getName(), s.getKind().name(),
                            s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), attributes,
                            s.getLinksList().stream().map(l -> hex.formatHex(l.getTraceId().toByteArray())).toList()));
                }
            }
        }
    }

    /** The spans of one trace received so far, in start order. */
    public List<Received> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(Received::startNanos)).toList();
    }

    /** The trace as an indented tree: service, span, duration. */
    public String render(String traceId) {
        List<Received> all = trace(traceId);
        Map<String, List<Received>> children = all.stream().collect(Collectors.groupingBy(Received::parentSpanId));
        List<String> lines = new ArrayList<>();
        long t0 = all.isEmpty() ? 0 : all.get(0).startNanos();
        java.util.Set<String> ids = all.stream().map(Received::spanId).collect(Collectors.toSet());
        all.stream().filter(s -> !ids.contains(s.parentSpanId()))
                .forEach(root -> render(root, children, 0, t0, lines));
        return String.join("\n", lines);
    }

    private static void render(Received span, Map<String, List<Received>> children, int depth, long t0,
            List<String> lines) {
        lines.add(String.format("%-26s %8.1f ms  +%7.1f ms  %s%s", span.service(), span.millis(),
                (span.startNanos() - t0) / 1e6, "  ".repeat(depth), span.name()));
        for (Received child : children.getOrDefault(span.spanId(), List.of())) {
            render(child, children, depth + 1, t0, lines);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
