package org.vireo.traffic.ui;

import com.vaadin.flow.component.Component;
import org.springframework.core.annotation.Order;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineDetailSection;
import org.vireo.traffic.TrafficService;

/** Adds the traffic panel to machines' detail pages. */
@org.springframework.stereotype.Component
@Order(10)
class TrafficSection implements MachineDetailSection {
    private final TrafficService traffic;

    TrafficSection(TrafficService traffic) {
        this.traffic = traffic;
    }

    @Override
    public Component section(Machine machine) {
        return new TrafficPanel(traffic, machine.id());
    }
}
