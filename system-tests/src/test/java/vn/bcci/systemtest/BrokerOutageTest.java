package vn.bcci.systemtest;

import org.junit.jupiter.api.Test;

/** The broker stopped under load for two minutes, then started again in place (same data, same port). */
class BrokerOutageTest extends OutageScenario {

    @Test
    void theBrokerStoppedUnderLoadHealsWithoutARestart() throws Exception {
        outage("the broker", SystemStack.stack()::stopKafka, SystemStack.stack()::startKafka, false);
    }
}
