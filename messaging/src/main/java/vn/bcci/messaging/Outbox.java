package vn.bcci.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventJson;

/**
 * Writes events into the transactional outbox. Must be called inside the transaction of the state change the event
 * announces: both commit together or neither does. {@link OutboxRelay} publishes after commit.
 */
@ApplicationScoped
public class Outbox {

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    public Outbox(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            @ConfigProperty(name = "messaging.source") String source) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.relay = relay;
        this.source = source;
    }

    /**
     * Records an event for publication on {@code topic} with record key {@code key}.
     *
     * @param subject the dossier code where there is one
     * @param time when it happened in the world
     * @param payload a record of {@code vn.bcci.contracts.payload}
     * @return the event, with its new unique id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String topic, String key, String type, String subject, Instant time, Object payload) {
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), type, source, subject, time,
                EventJson.write(payload));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO messaging.outbox "
                        + "(event_id, topic, record_key, type, source, subject, event_time, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, event.id());
            ps.setString(2, topic);
            ps.setString(3, key);
            ps.setString(4, event.type());
            ps.setString(5, event.source());
            ps.setString(6, event.subject());
            ps.setTimestamp(7, Timestamp.from(event.time()));
            ps.setString(8, event.data());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write event " + type + " to the outbox", e);
        }
        relay.wakeAfterCommit(transactions);
        return event;
    }
}
