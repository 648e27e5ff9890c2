package vn.bcci.messaging.jobs;

import java.util.List;

/**
 * A service's part of the purge ({@link Retention}): its settings and the rules of its own tables, which run after the
 * inbox's. One bean per service.
 */
public interface RetentionRules {
    RetentionSettings settings();

    /** The service's own tables, each with its time and its batch statement, in the order they are purged. */
    List<Retention.Rule> rules();
}
