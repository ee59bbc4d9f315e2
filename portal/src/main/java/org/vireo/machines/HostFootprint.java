package org.vireo.machines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.MachineRepository;

/**
 * What a machine leaves on its host: its domain, its volumes (disk, snapshots, seed), its serial log and its
 * network entry; and removing all of it.
 */
@Component
class HostFootprint {
    private static final Logger log = LoggerFactory.getLogger(HostFootprint.class);
    private static final Path HOST_LOG_DIR = Path.of("/var/log/libvirt/qemu");
    private final HostConnections hosts;
    private final MachineRepository machines;
    private final PrivateNics nics;
    private final Path logDir;

    HostFootprint(HostConnections hosts, MachineRepository machines, PrivateNics nics, MachineSettings settings) {
        this.hosts = hosts;
        this.machines = machines;
        this.nics = nics;
        this.logDir = settings.logDir().toAbsolutePath().normalize();
    }

    /**
     * Where a domain's serial port writes: the portal's log directory on its own host; on any other host libvirt's
     * log directory there (the portal never opens another host's files; guest output from there is read through
     * the host, not here).
     */
    Path serialLog(String domainName, boolean localHost) {
        return (localHost ? logDir : HOST_LOG_DIR).resolve(domainName + ".serial.log");
    }

    /** Makes sure the portal's own log directory exists (before a domain of this host is defined). */
    void prepareLogDir() throws IOException {
        Files.createDirectories(logDir);
    }

    /** Removes the serial log the portal keeps for a machine of its own host (other hosts keep theirs). */
    void deleteSerialLog(UUID hostId, String domainName) {
        if (hosts.isLocal(hostId)) {
            try {
                Files.deleteIfExists(serialLog(domainName, true));
            } catch (IOException e) {
                log.warn("cannot delete the serial log of {}: {}", domainName, e.getMessage());
            }
        }
    }

    /**
     * Removes a machine's domain, volumes (disk, snapshots, seed) and log from the host, ignoring what is already
     * gone; returns whether all of it is gone (false when libvirt could not be reached or refused a step).
     */
    boolean remove(UUID hostId, String domain) {
        var hypervisor = hosts.of(hostId);
        var machine = machines.findByDomainName(domain);
        boolean clean = true;
        for (Runnable step : List.<Runnable>of(
                () -> hypervisor.destroy(domain),
                () -> hypervisor.undefine(domain),
                () -> hypervisor.volumes(domain + ".").forEach(hypervisor::deleteDisk),
                () -> deleteSerialLog(hostId, domain),
                () -> machine.ifPresent(
                        m -> nics.unwire(hypervisor, m.getId(), m.getTenantId(), m.getMac(), m.getPrivateIpv4())))) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("clean-up of {}: {}", domain, e.getMessage());
                clean = false;
            }
        }
        return clean;
    }
}
