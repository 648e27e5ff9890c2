package vn.bcci.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the load commands share: {@code --name value} options, demo tokens, percentiles, process memory. */
final class Bench {
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HANDLED = Pattern.compile("^tracking_events_total\\{[^}]*}\\s+([0-9.eE+]+)",
            Pattern.MULTILINE);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, String> options = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    Bench(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value; got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
    }

    /** Where tokens come from (the token issuer's base URL), when it is not {@code --issuer}'s. */
    void issuer(String baseUrl) {
        options.putIfAbsent("issuer", baseUrl);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    /** A bearer token of one of the token issuer's demo clients ({@code <client>-secret}). */
    String token(String client) throws IOException, InterruptedException {
        String issuer = option("issuer", "http://127.0.0.1:8088");
        String form = "grant_type=client_credentials&client_id=" + client + "&client_secret="
                + URLEncoder.encode(client + "-secret", StandardCharsets.UTF_8);
        String body = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token from " + issuer + ": " + body);
        }
        return m.group(1);
    }

    /** A GET, with a bearer token when {@code token} is not {@code null}. */
    HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of JSON with a bearer token. */
    HttpResponse<String> post(String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        if (url.endsWith("/tracking-events")) {
            signed(request, json);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private volatile String pushSecret;

    /** The secret VNPost's pushes are signed with: the stack's own, or (--running) the local stack's file. */
    void pushSecret(String secret) {
        this.pushSecret = secret;
    }

    /** Adds the Standard Webhooks headers of a VNPost push of {@code json}, as VNPost signs. */
    HttpRequest.Builder signed(HttpRequest.Builder request, String json) throws IOException {
        if (pushSecret == null) {
            String fromEnvironment = System.getenv("TRACKING_WEBHOOK_SECRET");
            pushSecret = fromEnvironment != null && !fromEnvironment.isBlank()
                    ? fromEnvironment.trim()
                    : java.nio.file.Files.readString(vn.bcci.infra.LocalStack.trackingWebhookSecretFile(
                            java.nio.file.Path.of(System.getProperty("bcci.root", ".")).resolve(".local-stack")))
                            .trim();
        }
        new vn.bcci.support.webhooks.StandardWebhooks(pushSecret)
                .headers("msg_" + java.util.UUID.randomUUID(), java.time.Instant.now(),
                        json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .forEach(request::header);
        return request;
    }

    /** VNPost events postal-tracking-service handled so far, whatever their outcome (its Prometheus metrics). */
    double handledByPostal(String postalBase) throws IOException, InterruptedException {
        Matcher m = HANDLED.matcher(get(postalBase + "/q/metrics", null).body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** When the portal simulator first held each status of each dossier ({@code code:status} → epoch ms). */
    Map<String, Long> firstHeld(String portalBase) throws IOException, InterruptedException {
        return JSON.readValue(get(portalBase + "/_sim/first-held", null).body(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {
                });
    }

    /** The {@code p}th percentile of sorted values. */
    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints the resident memory of the running service, found by its jar's path. */
    static void rss(String service) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains(service) && cmd.contains("quarkus-run.jar")) {
                        String status = Files.readString(p.resolve("status"));
                        System.out.printf("%s (pid %s): RSS %s MB, peak %s MB%n", service, p.getFileName(),
                                kbToMb(status, "VmRSS"), kbToMb(status, "VmHWM"));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
    }

    private static long kbToMb(String status, String field) {
        Matcher m = Pattern.compile(field + ":\\s+(\\d+) kB").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }
}
