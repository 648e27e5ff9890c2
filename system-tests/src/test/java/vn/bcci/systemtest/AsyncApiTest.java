package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.restassured.http.ContentType;

import vn.bcci.contracts.EventSchemas;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.infra.KafkaBroker;

/**
 * The AsyncAPI document (event-contracts' {@code contracts/asyncapi.yaml}, read where people read it) is what the running
 * services publish: after a postal dossier's life so far (registered, accepted at the post office by VNPost's push, on
 * the portal) and an item on VNPost's Kafka door, every record of theirs on every topic of the document is read back
 * from the broker and held to it: its topic is a
 * channel (and every channel a topic of {@link Topics}); a CloudEvent's {@code ce_type} names one of the channel's
 * messages and carries the headers its trait requires; the value keeps the JSON Schema the message's payload refers
 * to; the record's key is the payload field the message's Kafka binding names ({@code x-from-payload}).
 */
@ExtendWith(SystemStack.class)
class AsyncApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message of a channel, as the document describes it. */
    record Message(String name, String schema, List<String> keyFrom, List<String> requiredHeaders) {
    }

    @Test
    void everyRecordOnEveryTopicIsAsTheAsyncApiDocumentSays() throws Exception {
        Map<String, Map<String, Message>> channels = channels();
        assertEquals(new TreeSet<>(List.of(Topics.VNPOST_TRACKING, Topics.DOSSIER_EVENTS, Topics.SHIPMENT_EVENTS,
                Topics.PORTAL_PROCEDURES, Topics.PORTAL_SYNC, Topics.CLIENT_LIMITS)), new TreeSet<>(channels.keySet()),
                "the document's channels are the topics the code publishes to");

        // this drive's records (other tests of the stack put poison on every topic, on purpose): its dossier, its two
        // items, and the procedure it uses, as the catalogue import publishes it
        List<String> drive = drivePostalDossier();
        String code = drive.get(0);
        Set<String> ours = Set.of(code, drive.get(1), drive.get(2), "1.001612");
        Map<String, Integer> checked = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            checked.clear();
            wrong.clear();
            boolean synced = false;
            for (ConsumerRecord<String, String> r : everyRecord(channels.keySet())) {
                if (!ours.contains(r.key()) && !r.topic().equals(Topics.CLIENT_LIMITS)) {
                    continue;
                }
                checked.merge(r.topic(), 1, Integer::sum);
                String why = against(channels.get(r.topic()), r);
                if (why != null) {
                    wrong.add(r.topic() + " " + r.key() + ": " + why);
                }
                synced |= r.topic().equals(Topics.PORTAL_SYNC) && code.equals(r.key());
            }
            assertTrue(synced && checked.keySet().containsAll(channels.keySet()), "records of this drive on every "
                    + "topic, its dossier's on portal.sync.v1 among them: " + checked);
        });
        System.out.println("[asyncapi] records checked against the document, by topic: " + checked);
        assertEquals(List.of(), wrong.stream().limit(10).toList());
    }

    /** Why a record breaks its channel's description, or {@code null}. */
    private static String against(Map<String, Message> channel, ConsumerRecord<String, String> r) throws Exception {
        String type = header(r, "ce_type");
        Message m = type != null ? channel.get(type) : channel.get("");
        if (m == null) {
            return "ce_type " + type + " is not a message of the channel " + channel.keySet();
        }
        for (String required : m.requiredHeaders()) {
            if (header(r, required) == null) {
                return "no " + required + " header";
            }
        }
        String problem = EventSchemas.problemWith(m.schema(), r.value());
        if (problem != null) {
            return problem;
        }
        JsonNode payload = JSON.readTree(r.value());
        String key = m.keyFrom().stream().map(f -> payload.path(f).asText(null)).filter(v -> v != null)
                .findFirst().orElse(null);
        return key != null && key.equals(r.key())
                ? null
                : "key " + r.key() + " is not the payload's first of " + m.keyFrom() + " (" + key + ")";
    }

    /** Channel address → its messages by ce_type ("" for the one raw message of VNPost's topic). */
    private static Map<String, Map<String, Message>> channels() throws Exception {
        Path root = Path.of(System.getProperty("bcci.root", "..")).toAbsolutePath().normalize();
        JsonNode doc = new YAMLMapper()
                .readTree(root.resolve("event-contracts/src/main/resources/contracts/asyncapi.yaml").toFile());
        JsonNode components = doc.path("components");
        Map<String, Map<String, Message>> channels = new TreeMap<>();
        for (JsonNode channel : doc.path("channels")) {
            Map<String, Message> messages = new HashMap<>();
            for (JsonNode ref : channel.path("messages")) {
                JsonNode message = components.path("messages").path(last(ref.path("$ref").asText()));
                String file = last(message.path("payload").path("$ref").asText());
                List<String> keyFrom = new ArrayList<>();
                message.path("bindings").path("kafka").path("key").path("x-from-payload")
                        .forEach(f -> keyFrom.add(f.asText()));
                List<String> headers = new ArrayList<>();
                for (JsonNode trait : message.path("traits")) {
                    components.path("messageTraits").path(last(trait.path("$ref").asText())).path("headers")
                            .path("required").forEach(h -> headers.add(h.asText()));
                }
                messages.put(message.path("name").asText(""), new Message(message.path("name").asText(""),
                        file.replace(".schema.json", ""), keyFrom, headers));
            }
            channels.put(channel.path("address").asText(), messages);
        }
        return channels;
    }

    private static String last(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /**
     * Registers a postal dossier and has VNPost accept its item over the push, and another item on the Kafka door:
     * the dossier's code and the two items.
     */
    private static List<String> drivePostalDossier() throws Exception {
        String agency = SystemStack.bearer("agency-h22");
        String vnpost = SystemStack.bearer("vnpost");
        String pushed = TrackingNumber.of("EB", System.nanoTime() % 40_000_000 + 50_000_000);
        String onTopic = TrackingNumber.of("ED", System.nanoTime() % 40_000_000 + 50_000_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", agency)
                .get(url(SystemStack.ports().dossier(), "/api/v1/procedures/1.001612")).then().statusCode(200));
        String code = given().header("Authorization", agency).contentType(ContentType.JSON).body("""
                {"procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Lê Hoàng Cường", "phone": "0987650001"},
                 "inboundTrackingNumber": "%s"}""".formatted(pushed))
                .post(url(SystemStack.ports().dossier(), "/api/v1/dossiers"))
                .then().statusCode(201).extract().path("code");
        String occurredAt = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(5).withNano(0).toString();
        SystemStack.pushSigned(vnpost, """
                [{"eventId": "asyncapi-%s", "itemCode": "%s", "statusCode": "EMA", "occurredAt": "%s",
                  "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]""".formatted(pushed, pushed, occurredAt))
                .post(url(SystemStack.ports().postal(), "/api/v1/tracking-events")).then().statusCode(200);
        Map<String, Object> asVnpost = new HashMap<>(SystemStack.stack().kafkaClientConfig(
                vn.bcci.contracts.TopicAccess.VNPOST));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(asVnpost,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.VNPOST_TRACKING, onTopic, """
                    {"eventId": "asyncapi-%s", "itemCode": "%s", "statusCode": "EMA", "occurredAt": "%s"}"""
                    .formatted(onTopic, onTopic, occurredAt))).get();
        }
        // a client over its feed quota (100 at once, 20 a second): the refusals are reported on the clients' topic
        String reader = SystemStack.bearer("agency-g12");
        int refused = 0; // sent as fast as they are answered until one is refused
        for (int i = 0; i < 2_000 && refused == 0; i++) {
            refused += given().header("Authorization", reader).get(url(SystemStack.ports().portalSync(),
                    "/api/v1/feed?after=0&limit=1")).statusCode() == 429 ? 1 : 0;
        }
        return List.of(code, pushed, onTopic);
    }

    /** Every record now on the topics, from the first. */
    private static List<ConsumerRecord<String, String>> everyRecord(Set<String> topics) {
        Map<String, Object> config = new HashMap<>(SystemStack.stack().kafkaClientConfig(KafkaBroker.ADMIN));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "asyncapi-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String url(int port, String path) {
        return SystemStack.url(port, path);
    }

}
