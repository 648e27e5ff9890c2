package vn.bcci.infra.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;

/**
 * A {@code @QuarkusTest} that reads at volume: the service on a database of its own ({@code volume…}, so that the year
 * of history a test writes leaves the other tests' alone), one test instance for the class (the history is written
 * once, in {@code @BeforeAll}), and tagged {@code slow}, so that it runs with {@code ./mvnw verify}, not in the inner
 * loop. Each service's {@code ReadPathsAtVolumeTest} is one; {@link StatementCounts} says what each read touched.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@WithTestResource(value = ServiceInfraResource.class, initArgs = @ResourceArg(name = "database", value = "volume"))
public @interface AtVolume {
}
