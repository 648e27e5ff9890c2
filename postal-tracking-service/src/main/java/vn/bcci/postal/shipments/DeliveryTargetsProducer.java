package vn.bcci.postal.shipments;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import vn.bcci.postal.config.TrackingConfig;

/** The delivery targets of {@code tracking.delivery-target.*} (working days from acceptance at the post office). */
public class DeliveryTargetsProducer {
    @Produces
    @Singleton
    DeliveryTargets targets(TrackingConfig config) {
        TrackingConfig.DeliveryTarget t = config.deliveryTarget();
        return new DeliveryTargets(t.inbound().sameProvince(), t.inbound().otherProvince(),
                t.outbound().sameProvince(), t.outbound().otherProvince());
    }
}
