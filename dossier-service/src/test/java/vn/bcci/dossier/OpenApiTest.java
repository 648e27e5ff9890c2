package vn.bcci.dossier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.OpenApiDocuments;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * Every operation of dossier-service's API documents a summary, examples of its request and its success answer, and
 * its error answers with the 401, 429 and 503 every door may give ({@link OpenApiDocuments}).
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OpenApiTest {

    @Test
    void everyOperationHasASummaryExamplesAndItsErrors() {
        OpenApiDocuments.assertEveryOperationDocumented(9);
    }
}
