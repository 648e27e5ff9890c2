package vn.bcci.dossier.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.dossier.domain.Procedure;
import vn.bcci.messaging.Inbox;
import vn.bcci.messaging.RetryTransient;

/**
 * The procedure catalogue from the compacted {@code portal.procedures.v1} into a local read model. An upsert guarded by
 * event time: replays and redeliveries are harmless, and an older version never overwrites a newer one.
 */
@ApplicationScoped
public class ProceduresConsumer {

    @Incoming("procedures")
    @Blocking
    @RetryTransient
    @Transactional
    public void onProcedure(ConsumerRecord<String, String> record) {
        CloudEvent event = Inbox.read(record);
        if (!EventTypes.PROCEDURE_PUBLISHED.equals(event.type())) {
            return;
        }
        ProcedureData p = event.dataAs(ProcedureData.class);
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
}
