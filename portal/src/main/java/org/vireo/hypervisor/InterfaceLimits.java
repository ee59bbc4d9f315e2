package org.vireo.hypervisor;

/**
 * How a host limits its domains' interfaces: {@code by} libvirt's {@code <bandwidth>} or by the host's throttle
 * agent ({@code scripts/host-throttle}, for kernels without what libvirt needs), or not at all ({@code by} null),
 * and then {@code problem} says why.
 */
public record InterfaceLimits(Mechanism by, String problem) {
    public enum Mechanism {
        LIBVIRT("libvirt"),
        HOST_AGENT("host-agent");

        private final String wire;

        Mechanism(String wire) {
            this.wire = wire;
        }

        /** As the REST API names it. */
        public String wire() {
            return wire;
        }
    }

    public InterfaceLimits {
        if ((by == null) == (problem == null)) {
            throw new IllegalArgumentException("either a mechanism or a problem");
        }
    }

    public static InterfaceLimits by(Mechanism mechanism) {
        return new InterfaceLimits(mechanism, null);
    }

    public static InterfaceLimits unavailable(String problem) {
        return new InterfaceLimits(null, problem);
    }

    public boolean available() {
        return by != null;
    }
}
