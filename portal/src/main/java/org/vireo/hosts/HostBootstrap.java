package org.vireo.hosts;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.vireo.security.SystemActor;

/** Registers the portal's own host on first start (another node starting at the same time may win the race). */
@Component
class HostBootstrap {
    private final HostService hosts;

    HostBootstrap(HostService hosts) {
        this.hosts = hosts;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void registerLocalHost() {
        try {
            SystemActor.run(hosts::registerLocal);
        } catch (DataIntegrityViolationException alreadyRegistered) {
            // registered by another node just now
        }
    }
}
