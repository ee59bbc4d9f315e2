package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vireo.base.Cidr;

/**
 * Everything needed to define a domain, validated on construction so that nothing unchecked reaches the XML.
 *
 * @param name          libvirt domain name, {@code vireo-} plus lower-case letters, digits and dashes
 * @param machineId     Vireo's machine id, stored in the domain's metadata and used as the domain UUID
 * @param tenantId      owning tenant, stored in the metadata (null for probes)
 * @param kernel        direct kernel boot: kernel, initrd and command line (all null for disk boot)
 * @param disks         qcow2 disks in boot order
 * @param serialLog     file the first serial port writes to, or null for a pty
 * @param nics          the network interfaces (on a libvirt network or a host bridge), in order
 * @param cdrom         read-only CD-ROM image (a cloud-init seed), or null
 */
public record DomainSpec(
        String name,
        UUID machineId,
        UUID tenantId,
        int vcpus,
        int memoryMiB,
        Accelerator accelerator,
        KernelBoot kernel,
        List<Path> disks,
        Path serialLog,
        List<Nic> nics,
        Path cdrom) {

    public static final Pattern DOMAIN_NAME = Pattern.compile("^vireo-[a-z0-9][a-z0-9-]{0,100}$");
    private static final Pattern CMDLINE = Pattern.compile("^[\\x20-\\x7e]{0,1024}$");

    /** Interface names the host may use for a bridge (Linux: at most 15 characters). */
    public static final Pattern HOST_BRIDGE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9._-]{0,14}$");

    /**
     * An interface on libvirt network {@code network}, or else on the host's bridge {@code bridge}, with MAC
     * {@code mac} (null: libvirt picks one) behind libvirt's {@code clean-traffic} filter: frames only from its
     * MAC, IPv4 only from {@code ipv4} (null: the address the guest is first seen with), no other layer-2
     * protocols; or behind the machine's firewall {@code filter} (which includes {@code clean-traffic}).
     * {@code otherIpv4}: further addresses the interface may send from (a machine with several public addresses
     * answers for each on any of its public interfaces: its replies leave by its default route).
     */
    public record Nic(String network, String bridge, String mac, String ipv4, String filter, List<String> otherIpv4) {
        public Nic(String network, String bridge, String mac, String ipv4, String filter) {
            this(network, bridge, mac, ipv4, filter, List.of());
        }

        public Nic {
            otherIpv4 = List.copyOf(otherIpv4);
            otherIpv4.forEach(Cidr::address);
            if (filter != null) {
                SpecValues.check(FirewallSpec.FILTER_NAME, filter, "filter name");
            }
            if ((network == null) == (bridge == null)) {
                throw new IllegalArgumentException("an interface is on a network or on a bridge");
            }
            if (network != null) {
                SpecValues.check(SpecValues.NETWORK_NAME, network, "network name");
            } else {
                SpecValues.check(HOST_BRIDGE, bridge, "bridge name");
            }
            if (mac != null) {
                SpecValues.check(SpecValues.MAC, mac, "MAC address");
            }
            if (ipv4 != null) {
                Cidr.address(ipv4);
            }
        }

        /** On a libvirt network, behind {@code clean-traffic}. */
        public Nic(String network, String mac, String ipv4) {
            this(network, null, mac, ipv4, null);
        }
    }

    public record KernelBoot(Path kernel, Path initrd, String cmdline) {
        public KernelBoot {
            SpecValues.checkPath("kernel", kernel);
            if (initrd != null) {
                SpecValues.checkPath("initrd", initrd);
            }
            if (cmdline == null || !CMDLINE.matcher(cmdline).matches()) {
                throw new IllegalArgumentException("cmdline must be printable ASCII, at most 1024 characters");
            }
        }
    }

    public DomainSpec {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(accelerator, "accelerator");
        if (name == null || !DOMAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid domain name");
        }
        if (vcpus < 1 || vcpus > 256) {
            throw new IllegalArgumentException("vcpus out of range");
        }
        if (memoryMiB < 16 || memoryMiB > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("memoryMiB out of range");
        }
        disks = disks == null ? List.of() : List.copyOf(disks);
        disks.forEach(d -> SpecValues.checkPath("disk", d));
        if (kernel == null && disks.isEmpty()) {
            throw new IllegalArgumentException("nothing to boot: no kernel and no disk");
        }
        if (serialLog != null) {
            SpecValues.checkPath("serialLog", serialLog);
        }
        if (cdrom != null) {
            SpecValues.checkPath("cdrom", cdrom);
        }
        nics = nics == null ? List.of() : List.copyOf(nics);
    }
}
