package vn.bcci.messaging.inbox;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import vn.bcci.contracts.CloudEvent;

/**
 * The one way a service declares a consumer of a topic: a {@code @Singleton} subclass names the event types it takes
 * ({@link TakesEvents}), its payload as the type argument, and what a poll's new events do ({@link #apply}); its
 * {@code @Incoming @Blocking @RetryTransient} method hands each poll to {@link #consume}, and that method's channel is
 * the consumer's. Everything else is {@link BatchInbox}'s: one transaction a poll, each event once (inbox
 * {@code <service>.<channel>}), unreadable and poison records to the service's dead-letter topic, transient failures
 * retried. A subclass that leaves out any of the three fails at construction, naming what is missing.
 *
 * @param <T> the record of {@code vn.bcci.contracts.payload} the events carry
 */
public abstract class BatchConsumer<T> {
    @Inject
    BatchInbox inbox;
    private final String channel;
    private final Class<T> payload;
    private final String[] types;

    protected BatchConsumer() {
        Class<?> declared = declaringSubclass(getClass());
        this.channel = channelOf(declared);
        this.payload = payloadOf(declared);
        TakesEvents takes = declared.getAnnotation(TakesEvents.class);
        if (takes == null || takes.value().length == 0) {
            throw new IllegalStateException(declared.getName() + " names no event types (@TakesEvents)");
        }
        this.types = takes.value().clone();
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

    /** The class that extends this one (below it may stand the subclass Quarkus generates for interceptors). */
    private static Class<?> declaringSubclass(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != BatchConsumer.class) {
            c = c.getSuperclass();
        }
        return c;
    }

    private static String channelOf(Class<?> declared) {
        for (Method m : declared.getDeclaredMethods()) {
            Incoming incoming = m.getAnnotation(Incoming.class);
            if (incoming != null) {
                return incoming.value();
            }
        }
        throw new IllegalStateException(declared.getName() + " has no @Incoming method");
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> payloadOf(Class<?> declared) {
        if (declared.getGenericSuperclass() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return (Class<T>) c;
        }
        throw new IllegalStateException(declared.getName() + " does not name its payload (BatchConsumer<Payload>)");
    }
}
