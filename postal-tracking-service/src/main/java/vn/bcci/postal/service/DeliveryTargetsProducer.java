package vn.bcci.postal.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import vn.bcci.postal.domain.DeliveryTargets;

/** The delivery targets of {@code tracking.delivery-target.*} (working days from acceptance at the post office). */
public class DeliveryTargetsProducer {
    @Produces
    @Singleton
    DeliveryTargets targets(
            @ConfigProperty(name = "tracking.delivery-target.inbound.same-province") int inboundSame,
            @ConfigProperty(name = "tracking.delivery-target.inbound.other-province") int inboundOther,
            @ConfigProperty(name = "tracking.delivery-target.outbound.same-province") int outboundSame,
            @ConfigProperty(name = "tracking.delivery-target.outbound.other-province") int outboundOther) {
        return new DeliveryTargets(inboundSame, inboundOther, outboundSame, outboundOther);
    }
}
