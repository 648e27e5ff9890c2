package vn.bcci.messaging.kafka;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.CommonClientConfigs;

import io.smallrye.common.annotation.Identifier;

/**
 * How this service reaches the broker, for the clients we build ourselves (the outbox relay's producer, the dead-letter
 * producer): the same address and security settings the messaging channels use. They come from Quarkus's
 * {@code default-kafka-broker} settings: every {@code kafka.*} property and every {@code KAFKA_*} environment variable
 * ({@code KAFKA_SECURITY_PROTOCOL=SASL_SSL}, {@code KAFKA_SASL_MECHANISM=SCRAM-SHA-512},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_*}; deploy/k8s sets them from the service's
 * {@code KafkaUser}). Only the connection settings are taken, never a channel's own (group, deserializers).
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> connection;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> taken = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (isConnectionSetting(key) && value != null && !value.toString().isBlank()) {
                taken.put(key, value);
            }
        });
        if (!taken.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalStateException("kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set");
        }
        this.connection = Map.copyOf(taken);
    }

    /** A plaintext connection to {@code bootstrapServers} (tests that build a second relay of their own). */
    public static KafkaClients plaintext(String bootstrapServers) {
        return new KafkaClients(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    static boolean isConnectionSetting(String key) {
        return key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                || key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    /** The connection settings with a client's own on top. */
    public Map<String, Object> with(Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(connection);
        settings.putAll(own);
        return settings;
    }

    public String bootstrapServers() {
        return connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }
}
