package org.vireo.machines;

import java.util.UUID;

/** How a machine's and a template's volumes are named in a host's pool. */
final class MachineNames {
    private MachineNames() {}

    /** Volumes holding a template's files copied into a host's pool: {@code vireo-template-<id>.base|kernel|initrd}. */
    static String templatePrefix(UUID templateId) {
        return "vireo-template-" + templateId;
    }

    static String volumeName(String domainName) {
        return domainName + ".qcow2";
    }

    static String seedName(String domainName) {
        return domainName + ".seed.iso";
    }
}
