package vn.bcci.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventJson;
import vn.bcci.messaging.kafka.Tracing;

/**
 * Writes events into the transactional outbox. Must be called inside the transaction of the state change the event
 * announces: both commit together or neither does. {@link OutboxRelay} publishes after commit.
 * <p>
 * The events of a transaction are kept in order and written together just before it commits, in one batched statement
 * on the transaction's own connection: a consumer that takes a poll of 500 events in one transaction writes its 500
 * outbox rows in one round trip, not 500. A failure to write them fails the commit, so the state change is not kept
 * without its events.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT = "INSERT INTO messaging.outbox (event_id, topic, record_key, type, source, "
            + "subject, event_time, payload, lane, traceparent, tracestate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    OutboxRelay relay;
    @Inject
    @ConfigProperty(name = "messaging.source")
    String source;
    @Inject
    Tracing tracing;

    /** An event of the transaction, with the trace context of the span that published it. */
    private record Pending(String topic, String key, CloudEvent event, Tracing.Parent trace) {
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
        CloudEvent event = new CloudEvent(EventIds.next(), type, source, subject, time,
                EventJson.write(payload));
        pending().add(new Pending(topic, key, event, tracing.current()));
        return event;
    }

    /** This transaction's events not yet written; the first call arranges their writing before commit. */
    private List<Pending> pending() {
        if (transactions.getResource(Outbox.class) == null) {
            relay.wakeAfterCommit(transactions);
        }
        return BeforeCommit.rows(transactions, Outbox.class, this::write);
    }

    private void write(List<Pending> pending) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Pending p : pending) {
                CloudEvent event = p.event();
                ps.setString(1, event.id());
                ps.setString(2, p.topic());
                ps.setString(3, p.key());
                ps.setString(4, event.type());
                ps.setString(5, event.source());
                ps.setString(6, event.subject());
                ps.setTimestamp(7, Timestamp.from(event.time()));
                ps.setString(8, event.data());
                ps.setShort(9, OutboxRelay.lane(p.key() != null ? p.key() : event.id()));
                ps.setString(10, p.trace().traceparent());
                ps.setString(11, p.trace().tracestate());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + pending.size() + " events to the outbox", e);
        }
    }
}
