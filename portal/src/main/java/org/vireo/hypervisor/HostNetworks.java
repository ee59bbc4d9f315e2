package org.vireo.hypervisor;

import java.util.List;
import java.util.Optional;

/** Tenants' libvirt networks on the host, their DHCP reservations, and nwfilters. */
public interface HostNetworks {

    /**
     * Makes sure the network exists as {@code spec} says and is active: defined when missing, started when down.
     * One that differs from the spec (made by an older Vireo, or before the host's mode changed) is made again as
     * the spec says, but only while no running domain uses it: a network restart would cut running guests off.
     * Returns whether the network was defined or started now (its DHCP reservations then need to be made again).
     */
    boolean ensureNetwork(NetworkSpec spec);

    /** Removes the network unless a domain (running or not) has an interface on it; returns whether it went. */
    boolean deleteNetworkIfUnused(String networkName);

    /** The MAC of the domain's interface on the libvirt network, as its definition says; empty when none. */
    Optional<String> interfaceMac(String domainName, String networkName);

    /**
     * The network's DHCP server hands {@code ipv4} to {@code mac} from now on, live and across restarts; a
     * reservation that is there already is kept. Nothing for a network without DHCP.
     */
    void reserveAddress(String networkName, String mac, String ipv4, String hostName);

    /** Ends the reservation; one that is not there (or a network that is gone) is ignored. */
    void releaseAddress(String networkName, String mac, String ipv4);

    void deleteNetwork(String networkName);

    /**
     * Defines (or redefines) the nwfilter; libvirt applies a changed filter at once to the running domains that use
     * it.
     */
    void defineFirewall(FirewallSpec spec);

    /**
     * Defines libvirt's {@code clean-traffic} filter and the filters it refers to where the host lacks them (Vireo
     * ships libvirt's own definitions); returns the names defined now (empty: all were there).
     */
    List<String> ensureBaseFilters();

    /** Removes the nwfilter; one that is not there is ignored. */
    void deleteFirewall(String filterName);
}
