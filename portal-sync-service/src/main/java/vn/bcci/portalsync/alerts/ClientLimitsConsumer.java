package vn.bcci.portalsync.alerts;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ClientLimitedData;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * {@code platform.client-limits.v1}: what every instance of every service refused each client (quotas), kept for the
 * {@code CLIENT_LIMITED} alert ({@link AlertStore}), a poll at a time, idempotently.
 */
@Singleton
@TakesEvents(EventTypes.CLIENT_LIMITED)
public class ClientLimitsConsumer extends BatchConsumer<ClientLimitedData> {
    @Inject
    AlertStore store;

    @Override
    protected void apply(List<CloudEvent> events, List<ClientLimitedData> data) {
        data.forEach(store::clientLimited);
    }

    @Incoming("client-limits")
    @Blocking
    @RetryTransient
    public void onClientLimits(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
