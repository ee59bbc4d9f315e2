package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorFactory;

/** Connections to hosts, each with the same storage pool name and directory as the portal's own host. */
@Component
class LibvirtHypervisorFactory implements HypervisorFactory {
    private final Path home;
    private final String poolName;
    private final Path poolDir;
    private final String localUri;
    private final String localAccelerator;

    LibvirtHypervisorFactory(@Value("${vireo.home}") Path home, @Value("${vireo.storage.pool}") String poolName,
                             @Value("${vireo.storage.pool-dir}") Path poolDir,
                             @Value("${vireo.libvirt.uri}") String localUri,
                             @Value("${vireo.hypervisor.accelerator}") String localAccelerator) {
        this.home = home;
        this.poolName = poolName;
        this.poolDir = poolDir;
        this.localUri = localUri;
        this.localAccelerator = localAccelerator;
    }

    @Override
    public Hypervisor connect(String uri, Accelerator accelerator) {
        return new LibvirtHypervisor(uri, accelerator.name(), home, poolName, poolDir);
    }

    @Override
    public Hypervisor connectLocal() {
        return new LibvirtHypervisor(localUri, localAccelerator, home, poolName, poolDir);
    }

    @Override
    public Accelerator localAccelerator() {
        return ChosenAccelerator.of(localAccelerator, home).accelerator();
    }

    @Override
    public String localUri() {
        return localUri;
    }

    @Override
    public void close(Hypervisor hypervisor) {
        if (hypervisor instanceof LibvirtHypervisor l) {
            l.destroy();
        }
    }
}
