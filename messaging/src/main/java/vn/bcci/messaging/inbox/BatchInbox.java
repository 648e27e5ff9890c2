package vn.bcci.messaging.inbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.contracts.EventSchemas;
import vn.bcci.contracts.Topics;
import vn.bcci.messaging.database.DatabaseMigration;
import vn.bcci.messaging.kafka.Tracing;
import vn.bcci.messaging.retry.RetryTransient;
import vn.bcci.messaging.retry.TransientFailures;

/**
 * The idempotent consumer, a poll at a time: the records of one poll are taken in <b>one transaction</b> (inbox rows
 * and effects together), which is what makes a consumer fast; a record that cannot be read as a CloudEvent, or whose
 * payload breaks the published schema of its type ({@link EventSchemas}: shape, enums, text without control
 * characters, times from 2000 on), is dead-lettered first and never reaches the effect. If
 * the batch fails for a reason of its own (not {@link TransientFailures#isTransient transient}), each record is taken
 * again in its own transaction and only the one that fails alone is dead-lettered: a poison event costs itself, never
 * its neighbours. A transient failure is thrown, for {@link RetryTransient} to retry the whole poll (what committed
 * already is skipped by the inbox). Use with {@code batch=true} and {@code failure-strategy=fail} on the channel.
 */
@ApplicationScoped
public class BatchInbox {
    private static final Logger LOG = Logger.getLogger(BatchInbox.class);

    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final DatabaseMigration migration;
    private final Tracing tracing;
    private final String service;

    public BatchInbox(Inbox inbox, DeadLetters deadLetters, DatabaseMigration migration, Tracing tracing,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
        this.tracing = tracing;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.migration = migration;
    }

    /**
     * A service's consumer of {@code channel}, a poll at a time in one transaction, each event once, what cannot be
     * read to {@code <topic>.dlq.<service>}; its inbox name is {@code <service>.<channel>} (the service: its
     * {@code quarkus.application.name}, its artifact id). Declared through {@link BatchConsumer}.
     *
     * @param effect what the events of {@code types} seen for the first time do, in the transaction (in poll order)
     */
    void process(String channel, ConsumerRecords<String, String> records, Consumer<List<CloudEvent>> effect,
            String... types) {
        process(service + "." + channel, service, records, effect, types);
    }

    /**
     * @param consumer the inbox name of this consumer; its dead-letter topic is {@code <topic>.dlq.<dlqSuffix>}
     * @param effect what the events of {@code types} seen for the first time do, in the transaction (in poll order)
     */
    void process(String consumer, String dlqSuffix, ConsumerRecords<String, String> records,
            Consumer<List<CloudEvent>> effect, String... types) {
        migration.awaitMigrated(); // a service started before its database waits here, holding the partition
        Set<String> wanted = Set.copyOf(Arrays.asList(types));
        List<ConsumerRecord<String, String>> readable = new ArrayList<>(records.count());
        List<CloudEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            String dlq = Topics.deadLetters(record.topic(), dlqSuffix);
            CloudEvent event;
            try {
                event = Inbox.read(record);
            } catch (RuntimeException e) { // whatever the record holds, it costs itself alone
                deadLetters.send(record, dlq, "unreadable: " + e.getMessage());
                continue;
            }
            if (!wanted.contains(event.type())) {
                continue;
            }
            String broken = EventSchemas.problem(event.type(), event.data());
            if (broken != null) {
                deadLetters.send(record, dlq, "payload " + broken);
                continue;
            }
            readable.add(record);
            events.add(event);
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            traced(consumer, readable, () -> QuarkusTransaction.requiringNew()
                    .run(() -> effect.accept(firstDeliveries(consumer, events))));
        } catch (RuntimeException batchFailure) {
            if (TransientFailures.isTransient(batchFailure)) {
                throw batchFailure;
            }
            LOG.warnf("%s: a poll of %d events failed together (%s); taking them one by one", consumer,
                    events.size(), batchFailure.getMessage());
            for (int i = 0; i < events.size(); i++) {
                CloudEvent event = events.get(i);
                try {
                    traced(consumer, List.of(readable.get(i)), () -> QuarkusTransaction.requiringNew()
                            .run(() -> effect.accept(firstDeliveries(consumer, List.of(event)))));
                } catch (RuntimeException alone) {
                    if (TransientFailures.isTransient(alone)) {
                        throw alone;
                    }
                    deadLetters.send(readable.get(i), Topics.deadLetters(readable.get(i).topic(), dlqSuffix),
                            alone.getClass().getSimpleName() + ": " + alone.getMessage());
                }
            }
        }
    }

    /**
     * The work on {@code records} as one consumer span continuing their publications' traces ({@link Tracing}: the
     * first record's parent, links to the others); what the work writes to the outbox continues this span.
     */
    private void traced(String consumer, List<ConsumerRecord<String, String>> records, Runnable work) {
        List<Tracing.Parent> parents = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> r : records) {
            parents.add(new Tracing.Parent(CloudEventHeaders.get(r.headers(), CloudEventHeaders.TRACEPARENT),
                    CloudEventHeaders.get(r.headers(), CloudEventHeaders.TRACESTATE)));
        }
        Span span = tracing.start("process " + records.get(0).topic(), SpanKind.CONSUMER, parents);
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", records.get(0).topic());
        span.setAttribute("messaging.consumer.group.name", consumer);
        span.setAttribute("messaging.batch.message_count", records.size());
        try (Scope ignored = span.makeCurrent()) {
            work.run();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private List<CloudEvent> firstDeliveries(String consumer, List<CloudEvent> events) {
        Set<String> first = new java.util.HashSet<>(inbox.firstDeliveries(consumer,
                events.stream().map(CloudEvent::id).toList()));
        List<CloudEvent> taken = new ArrayList<>(first.size());
        for (CloudEvent e : events) {
            if (first.remove(e.id())) { // an event redelivered within the same poll is taken once
                taken.add(e);
            }
        }
        return taken;
    }
}
