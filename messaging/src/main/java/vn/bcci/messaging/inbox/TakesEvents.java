package vn.bcci.messaging.inbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The event types a {@link BatchConsumer} applies; the other types on its topic are recorded in its inbox and skipped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TakesEvents {
    /** Values of {@code vn.bcci.contracts.EventTypes}. */
    String[] value();
}
