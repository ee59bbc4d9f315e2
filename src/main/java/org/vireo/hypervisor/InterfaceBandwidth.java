package org.vireo.hypervisor;

import java.util.Optional;

/**
 * Rate limits on a domain's interfaces: libvirt's {@code <bandwidth>}, which needs tc's htb, sfq, the fw classifier
 * and the police action in the host's kernel.
 */
public interface InterfaceBandwidth {
    /**
     * Why the host cannot limit interfaces (libvirt's error from a throwaway network with a limit, made and removed;
     * a failure is asked again after a while); empty when it can.
     */
    Optional<String> bandwidthUnsupported();

    /**
     * Limits the running domain's interface with {@code mac} to {@code kilobytesPerSecond} in each direction (null:
     * no limit), not in its definition; a domain that does not run or an interface that is not there is left alone.
     */
    void limitInterface(String domainName, String mac, Integer kilobytesPerSecond);
}
