package org.vireo.machines;

import com.vaadin.flow.component.Component;

/**
 * A section another module adds to a machine's detail page, below its usage graphs (traffic). Beans of this type
 * are asked in their order for every page shown.
 */
public interface MachineDetailSection {
    /** The section for {@code machine}, built for the current user (who may see the machine). */
    Component section(Machine machine);
}
