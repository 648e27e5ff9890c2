package vn.bcci.messaging.retry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * On a consumer method: a failure of our own infrastructure (the database unreachable, a deadlock, a lock timeout) is
 * retried with backoff, holding the partition, instead of sending a good event to the dead-letter topic. Anything else
 * (an unreadable event, a bug) still fails the message. Runs outside the method's {@code @Transactional}, so each
 * attempt is a fresh transaction. See {@link TransientFailures}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RetryTransient {
}
