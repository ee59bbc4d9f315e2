package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything needed to define a domain, validated on construction so that nothing unchecked reaches the XML.
 *
 * @param name          libvirt domain name, {@code vireo-} plus lower-case letters, digits and dashes
 * @param machineId     Vireo's machine id, stored in the domain's metadata and used as the domain UUID
 * @param tenantId      owning tenant, stored in the metadata (null for probes)
 * @param kernel        direct kernel boot: kernel, initrd and command line (all null for disk boot)
 * @param disks         qcow2 disks in boot order
 * @param serialLog     file the first serial port writes to, or null for a pty
 * @param network       libvirt network to attach to, or null for none
 * @param cdrom         read-only CD-ROM image (a cloud-init seed), or null
 */
public record DomainSpec(String name, UUID machineId, UUID tenantId, int vcpus, int memoryMiB,
                         Accelerator accelerator, KernelBoot kernel, List<Path> disks, Path serialLog,
                         String network, Path cdrom) {

    public static final Pattern DOMAIN_NAME = Pattern.compile("^vireo-[a-z0-9][a-z0-9-]{0,100}$");
    private static final Pattern CMDLINE = Pattern.compile("^[\\x20-\\x7e]{0,1024}$");

    public record KernelBoot(Path kernel, Path initrd, String cmdline) {
        public KernelBoot {
            StorageXml.checkPath("kernel", kernel);
            if (initrd != null) {
                StorageXml.checkPath("initrd", initrd);
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
        disks.forEach(d -> StorageXml.checkPath("disk", d));
        if (kernel == null && disks.isEmpty()) {
            throw new IllegalArgumentException("nothing to boot: no kernel and no disk");
        }
        if (serialLog != null) {
            StorageXml.checkPath("serialLog", serialLog);
        }
        if (cdrom != null) {
            StorageXml.checkPath("cdrom", cdrom);
        }
        if (network != null) {
            StorageXml.check(NetworkXml.NETWORK_NAME, network, "network name");
        }
    }

}
