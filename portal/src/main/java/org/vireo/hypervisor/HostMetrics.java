package org.vireo.hypervisor;

import java.util.List;
import java.util.Optional;

/** What the host reports about running domains: counters and addresses. */
public interface HostMetrics {

    /** Cumulative counters of a running domain, or empty when it is not running. */
    Optional<DomainStats> stats(String domainName);

    /** IP addresses libvirt knows for the domain's interfaces (DHCP lease, guest agent or the host's ARP table). */
    List<String> addresses(String domainName);
}
