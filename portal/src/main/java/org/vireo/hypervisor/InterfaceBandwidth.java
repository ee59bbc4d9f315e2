package org.vireo.hypervisor;

/**
 * Rate limits on a domain's interfaces: libvirt's {@code <bandwidth>} (which needs tc's htb, sfq, the fw classifier
 * and the police action in the host's kernel) or, where the kernel lacks them, the host's throttle agent
 * ({@code scripts/host-throttle}), which shapes the interfaces marked in the running domain's metadata.
 */
public interface InterfaceBandwidth {
    /**
     * How the host can limit interfaces: libvirt, probed with a throwaway network with a limit (made and removed),
     * else its throttle agent if that runs; a failure is asked again after a while.
     */
    InterfaceLimits interfaceLimits();

    /**
     * Limits the running domain's interface with {@code mac} to {@code kilobytesPerSecond} in each direction (null:
     * no limit), not in its definition; a domain that does not run or an interface that is not there is left alone.
     */
    void limitInterface(String domainName, String mac, Integer kilobytesPerSecond);
}
