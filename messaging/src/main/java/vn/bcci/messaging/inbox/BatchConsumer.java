package vn.bcci.messaging.inbox;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecords;

import vn.bcci.contracts.CloudEvent;

/**
 * The one way a service declares a consumer of a topic: a subclass names its channel, the payload its events carry and
 * the event types it takes, and says what a poll's new events do ({@link #apply}); its {@code @Incoming @Blocking
 * @RetryTransient} method hands each poll to {@link #consume}. Everything else is {@link BatchInbox}'s: one
 * transaction a poll, each event once (inbox {@code <service>.<channel>}), unreadable and poison records to the
 * service's dead-letter topic, transient failures retried. Subclasses are {@code @Singleton} (no client proxy, so no
 * constructor without arguments).
 *
 * @param <T> the record of {@code vn.bcci.contracts.payload} the events carry
 */
public abstract class BatchConsumer<T> {
    private final BatchInbox inbox;
    private final String channel;
    private final Class<T> payload;
    private final String[] types;

    protected BatchConsumer(BatchInbox inbox, String channel, Class<T> payload, String... types) {
        this.inbox = inbox;
        this.channel = channel;
        this.payload = payload;
        this.types = types.clone();
    }

    /** Takes one poll: its new events of the wanted types go to {@link #apply} in one transaction. */
    protected final void consume(ConsumerRecords<String, String> records) {
        inbox.process(channel, records, events -> apply(events, events.stream().map(e -> e.dataAs(payload)).toList()),
                types);
    }

    /**
     * What a poll's events do, seen for the first time, in the poll's transaction.
     *
     * @param events the events in poll order
     * @param data their payloads, index for index
     */
    protected abstract void apply(List<CloudEvent> events, List<T> data);
}
