package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorFactory;
import org.vireo.hypervisor.LocalHypervisorSettings;

/** Connections to hosts, each with the same storage pool name and directory as the portal's own host. */
@Component
@EnableConfigurationProperties(LocalHypervisorSettings.class)
class LibvirtHypervisorFactory implements HypervisorFactory {
    private final Path home;
    private final String poolName;
    private final Path poolDir;
    private final String localUri;
    private final String localAccelerator;

    LibvirtHypervisorFactory(LocalHypervisorSettings settings) {
        this.home = settings.home();
        this.poolName = settings.storage().pool();
        this.poolDir = settings.storage().poolDir();
        this.localUri = settings.libvirt().uri();
        this.localAccelerator = settings.hypervisor().accelerator();
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
