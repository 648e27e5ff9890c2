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
import vn.bcci.dossier.catalogue.Procedure;
import vn.bcci.dossier.catalogue.ProcedureCatalogue;
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

    @Override
    protected void apply(List<CloudEvent> events, List<ProcedureData> procedures) {
        for (int i = 0; i < events.size(); i++) {
            onProcedure(events.get(i), procedures.get(i));
        }
    }

    private void onProcedure(CloudEvent event, ProcedureData p) {
        Procedure row = Procedure.findById(p.code());
        if (row != null && row.updatedAt.isAfter(event.time())) {
            return;
        }
        if (row == null) {
            row = new Procedure();
            row.code = p.code();
        }
        row.name = p.name();
        row.agencyCode = p.agencyCode();
        row.processingDays = p.processingDays();
        row.postalIntake = p.postalIntake();
        row.postalReturn = p.postalReturn();
        row.updatedAt = event.time();
        row.persist();
    }

    @Incoming("procedures")
    @Blocking
    @RetryTransient
    public void onProcedures(ConsumerRecords<String, String> records) {
        consume(records);
        catalogue.forget(); // committed: this instance reads the new terms at once
    }
}
