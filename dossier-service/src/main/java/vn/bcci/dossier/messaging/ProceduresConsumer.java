package vn.bcci.dossier.messaging;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.dossier.catalogue.ProcedureCatalogue;
import vn.bcci.dossier.catalogue.ProcedureStore;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * The procedure catalogue from the compacted {@code portal.procedures.v1} into a local read model, a poll at a time
 * ({@link BatchConsumer}; poison records to {@code portal.procedures.v1.dlq.dossier-service}). An upsert guarded by event
 * time: replays and redeliveries are harmless, and an older version never overwrites a newer one.
 */
@Singleton
@TakesEvents(EventTypes.PROCEDURE_PUBLISHED)
public class ProceduresConsumer extends BatchConsumer<ProcedureData> {
    @Inject
    ProcedureCatalogue catalogue;

    @Inject
    ProcedureStore store;

    @Override
    protected void apply(List<CloudEvent> events, List<ProcedureData> procedures) {
        for (int i = 0; i < events.size(); i++) {
            store.published(procedures.get(i), events.get(i).time());
        }
    }

    @Incoming("procedures")
    @Blocking
    @RetryTransient
    public void onProcedures(ConsumerRecords<String, String> records) {
        consume(records);
        catalogue.forget(); // committed: this instance reads the new terms at once
    }
}
