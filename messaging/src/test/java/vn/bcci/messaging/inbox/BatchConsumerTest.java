package vn.bcci.messaging.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ClientLimitedData;

/** A consumer's channel, payload and types come from its declaration, and a declaration missing one fails at once. */
class BatchConsumerTest {

    @TakesEvents({EventTypes.CLIENT_LIMITED, EventTypes.PROCEDURE_PUBLISHED})
    static class Declared extends BatchConsumer<ClientLimitedData> {
        @Override
        protected void apply(List<CloudEvent> events, List<ClientLimitedData> data) {
        }

        @Incoming("client-limits")
        public void on(ConsumerRecords<String, String> records) {
            consume(records);
        }
    }

    /** As the subclass Quarkus generates for a consumer's interceptors. */
    static class Intercepted extends Declared {
    }

    static class NoTypes extends BatchConsumer<ClientLimitedData> {
        @Override
        protected void apply(List<CloudEvent> events, List<ClientLimitedData> data) {
        }

        @Incoming("client-limits")
        public void on(ConsumerRecords<String, String> records) {
            consume(records);
        }
    }

    @TakesEvents(EventTypes.CLIENT_LIMITED)
    static class NoChannel extends BatchConsumer<ClientLimitedData> {
        @Override
        protected void apply(List<CloudEvent> events, List<ClientLimitedData> data) {
        }
    }

    @TakesEvents(EventTypes.CLIENT_LIMITED)
    @SuppressWarnings("rawtypes")
    static class NoPayload extends BatchConsumer {
        @Override
        protected void apply(List events, List data) {
        }

        @Incoming("client-limits")
        public void on(ConsumerRecords<String, String> records) {
            consume(records);
        }
    }

    private static Object field(BatchConsumer<?> consumer, String name) throws ReflectiveOperationException {
        Field f = BatchConsumer.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(consumer);
    }

    @Test
    void readsChannelPayloadAndTypesFromTheDeclarationThroughAGeneratedSubclass() throws Exception {
        for (BatchConsumer<?> c : List.of(new Declared(), new Intercepted())) {
            assertEquals("client-limits", field(c, "channel"));
            assertEquals(ClientLimitedData.class, field(c, "payload"));
            assertArrayEquals(new String[]{EventTypes.CLIENT_LIMITED, EventTypes.PROCEDURE_PUBLISHED},
                    (String[]) field(c, "types"));
        }
    }

    @Test
    void aDeclarationMissingAPartFailsNamingIt() {
        assertEquals(NoTypes.class.getName() + " names no event types (@TakesEvents)",
                assertThrows(IllegalStateException.class, NoTypes::new).getMessage());
        assertEquals(NoChannel.class.getName() + " has no @Incoming method",
                assertThrows(IllegalStateException.class, NoChannel::new).getMessage());
        assertEquals(NoPayload.class.getName() + " does not name its payload (BatchConsumer<Payload>)",
                assertThrows(IllegalStateException.class, NoPayload::new).getMessage());
    }
}
