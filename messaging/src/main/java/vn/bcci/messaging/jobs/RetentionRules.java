package vn.bcci.messaging.jobs;

import java.util.List;

/**
 * A service's part of the purge ({@link Retention}): its settings and the rules of its own tables, in the order they
 * are purged, after the inbox's. Each service produces one.
 */
public record RetentionRules(RetentionSettings settings, List<Retention.Rule> rules) {
}
