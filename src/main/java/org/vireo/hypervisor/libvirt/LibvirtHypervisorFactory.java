package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorFactory;

/** Connections to registered hosts, with the same storage pool name and directory as the portal's own host. */
@Component
class LibvirtHypervisorFactory implements HypervisorFactory {
    private final Path home;
    private final String poolName;
    private final Path poolDir;

    LibvirtHypervisorFactory(@Value("${vireo.home}") Path home, @Value("${vireo.storage.pool}") String poolName,
                             @Value("${vireo.storage.pool-dir}") Path poolDir) {
        this.home = home;
        this.poolName = poolName;
        this.poolDir = poolDir;
    }

    @Override
    public Hypervisor connect(String uri, Accelerator accelerator) {
        return new LibvirtHypervisor(uri, accelerator.name(), home, poolName, poolDir);
    }

    @Override
    public void close(Hypervisor hypervisor) {
        if (hypervisor instanceof LibvirtHypervisor l) {
            l.destroy();
        }
    }
}
