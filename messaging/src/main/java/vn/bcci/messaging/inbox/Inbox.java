package vn.bcci.messaging.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.agroal.api.AgroalDataSource;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;

/**
 * The idempotent-consumer inbox ({@link BatchInbox} records a poll's ids with {@link #firstDeliveries}), inside the
 * transaction of the effect: the insert of (consumer, event id) and the effect commit together, and a redelivered
 * event finds its id taken and is skipped. Insert-first (not check-then-insert) so that two concurrent deliveries cannot both pass.
 */
@ApplicationScoped
public class Inbox {
    @Inject
    AgroalDataSource dataSource;

    /** {@code true} the first time this consumer sees the event id; {@code false} for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO messaging.inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, consumer);
            ps.setString(2, eventId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record event " + eventId + " in the inbox", e);
        }
    }

    /**
     * The ids of {@code eventIds} this consumer sees for the first time, recorded in one statement (a batch's inbox
     * rows); an id given twice counts once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<String> firstDeliveries(String consumer, java.util.Collection<String> eventIds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO messaging.inbox (consumer, event_id) "
                        + "SELECT ?, unnest(?::varchar[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            ps.setString(1, consumer);
            ps.setArray(2, c.createArrayOf("varchar", eventIds.toArray()));
            java.util.Set<String> first = new java.util.HashSet<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.add(rs.getString(1));
                }
            }
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + eventIds.size() + " events in the inbox", e);
        }
    }

    /** Reads a CloudEvent from a Kafka record; a record that is not one is poison ({@code InvalidEventException}). */
    public static CloudEvent read(ConsumerRecord<String, String> record) {
        return CloudEventHeaders.read(record.headers(), record.value());
    }
}
