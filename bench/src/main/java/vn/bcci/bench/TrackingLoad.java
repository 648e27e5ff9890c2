package vn.bcci.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.infra.sim.VnpostEventGenerator;

/**
 * VNPost event ingestion against a running local stack: registers the items, then sends their events (10 % late,
 * 10 % twice) through the HTTP push in batches and through {@code vnpost.tracking.v1}, and prints events per
 * second per door, batch latencies, and postal-tracking-service's RSS. Usage: {@code java -jar bench/target/bench.jar
 * [--items 3000] [--connections 4] [--batch 500] [--door both|http|kafka]}.
 */
public final class TrackingLoad {

    private final Bench bench;
    private final HttpClient http;
    private final String postal;
    private String token;

    private TrackingLoad(Bench bench) {
        this.bench = bench;
        this.http = bench.http;
        this.postal = bench.option("postal", "http://127.0.0.1:8082");
    }

    public static void main(String[] args) throws Exception {
        new TrackingLoad(new Bench(args)).run();
    }

    private void run() throws Exception {
        int items = bench.intOption("items", 3000);
        int connections = bench.intOption("connections", 4);
        int batch = bench.intOption("batch", 500);
        String door = bench.option("door", "both");
        token = bench.token("vnpost");
        long seed = Long.parseLong(bench.option("seed", Long.toString(System.currentTimeMillis())));
        VnpostEventGenerator vnpost = new VnpostEventGenerator(seed, "EE",
                10_000_000 + Math.floorMod(seed, 80_000_000L));
        System.out.printf("postal-tracking-service at %s; %d items per door, %d connections, batches of %d%n", postal,
                items, connections, batch);
        if (!door.equals("kafka")) {
            List<VnpostTrackingEvent> events = prepare(vnpost, items, connections);
            httpDoor(events, connections, batch);
        }
        if (!door.equals("http")) {
            List<VnpostTrackingEvent> events = prepare(vnpost, items, connections);
            kafkaDoor(events);
        }
        Bench.rss("postal-tracking-service");
    }

    /** Generates and registers the items; returns their events as a carrier's feed delivers them. */
    private List<VnpostTrackingEvent> prepare(VnpostEventGenerator vnpost, int items, int connections)
            throws Exception {
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(1);
        String direction = bench.option("direction", "OUTBOUND");
        List<VnpostEventGenerator.Item> generated = new ArrayList<>();
        List<VnpostTrackingEvent> all = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            VnpostEventGenerator.Item item = vnpost.item(to.minusDays(2), to, null);
            generated.add(item);
            all.addAll(item.events());
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Integer>> done = new ArrayList<>();
        for (VnpostEventGenerator.Item item : generated) {
            done.add(pool.submit(() -> post("/api/v1/shipments", """
                    {"itemCode": "%s", "direction": "%s", "agencyCode": "000.00.01.H22",
                     "procedureCode": "1.001612", "sender": {"name": "Nguyễn Văn An", "province": "Hà Nội"},
                     "receiver": {"name": "Sở Tư pháp", "province": "Hà Nội"}}""".formatted(item.itemCode(),
                    direction))
                    .statusCode()));
        }
        try {
            for (Future<Integer> f : done) {
                if (f.get() != 201) {
                    throw new IllegalStateException("registration answered " + f.get()
                            + " (a --seed used before against the same data registers the same items)");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("registered %d items in %.1f s (%.0f/s)%n", items, Bench.seconds(start),
                items / Bench.seconds(start));
        List<VnpostTrackingEvent> feed = vnpost.feed(all, 0.10, 0.10, 2_000);
        System.out.printf("%d events, %d deliveries: in event-time order but 10 %% late (by up to 2,000 places) and"
                + " 10 %% twice%n", all.size(), feed.size());
        return feed;
    }

    private void httpDoor(List<VnpostTrackingEvent> feed, int connections, int batch) throws Exception {
        ConcurrentLinkedQueue<List<VnpostTrackingEvent>> batches = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < feed.size(); i += batch) {
            batches.add(feed.subList(i, Math.min(i + batch, feed.size())));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                List<VnpostTrackingEvent> next;
                while ((next = batches.poll()) != null) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = post("/api/v1/tracking-events", EventJson.write(next));
                    latencies.add(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = Bench.seconds(start);
        Collections.sort(latencies);
        System.out.printf(
                "HTTP door: %d events in %.1f s = %.0f events/s; batch latency p50 %d ms, p99 %d ms, max %d ms;"
                        + " failed batches %d%n",
                feed.size(), s, feed.size() / s, Bench.pct(latencies, 50) / 1_000_000,
                Bench.pct(latencies, 99) / 1_000_000,
                latencies.get(latencies.size() - 1) / 1_000_000, failures.get());
    }

    private void kafkaDoor(List<VnpostTrackingEvent> feed) throws Exception {
        double before = bench.handledByPostal(postal);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.option("kafka", "127.0.0.1:9092"),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new StringSerializer())) {
            for (VnpostTrackingEvent e : feed) {
                producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, e.itemCode(), EventJson.write(e)));
            }
            producer.flush();
        }
        double produced = Bench.seconds(start);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        double done;
        long lastPrint = 0;
        while ((done = bench.handledByPostal(postal) - before) < feed.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka door handled only " + done + " of " + feed.size());
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                System.out.printf("  Kafka door: %.0f of %d handled after %.0f s%n", done, feed.size(),
                        Bench.seconds(start));
                lastPrint = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double s = Bench.seconds(start);
        System.out.printf("Kafka door: %d events produced in %.1f s, all handled in %.1f s = %.0f events/s%n",
                feed.size(), produced, s, feed.size() / s);
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return bench.post(postal + path, token, json);
    }

}
