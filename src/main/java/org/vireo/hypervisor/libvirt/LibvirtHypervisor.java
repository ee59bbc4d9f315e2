package org.vireo.hypervisor.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainXml;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;

/** {@link Hypervisor} over libvirt-java. Connects lazily and reconnects when libvirtd went away. */
@Component
public class LibvirtHypervisor implements Hypervisor, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LibvirtHypervisor.class);

    private final String uri;
    private final Accelerator accelerator;
    private final String acceleratorSource;
    private Connect connection;

    public LibvirtHypervisor(@Value("${vireo.libvirt.uri}") String uri,
                             @Value("${vireo.hypervisor.accelerator}") String accelerator,
                             @Value("${vireo.home}") Path home) {
        this.uri = uri;
        if (accelerator != null && !accelerator.isBlank()) {
            this.accelerator = Accelerator.parse(accelerator);
            this.acceleratorSource = "VIREO_ACCELERATOR";
        } else {
            var recorded = home.resolve("accelerator");
            Accelerator found = null;
            try {
                if (Files.isRegularFile(recorded)) {
                    found = Accelerator.parse(Files.readString(recorded));
                }
            } catch (IOException | IllegalArgumentException e) {
                log.warn("cannot read recorded accelerator {}: {}", recorded, e.getMessage());
            }
            if (found == null) {
                log.warn("no accelerator recorded in {} (run scripts/setup-host); using TCG", recorded);
            }
            this.accelerator = found == null ? Accelerator.TCG : found;
            this.acceleratorSource = found == null ? "default" : recorded.toString();
        }
        log.info("hypervisor {} with accelerator {} (from {})", uri, this.accelerator, acceleratorSource);
    }

    synchronized Connect connection() {
        try {
            if (connection != null && connection.isAlive()) {
                return connection;
            }
        } catch (LibvirtException e) {
            log.info("libvirt connection lost: {}", e.getMessage());
        }
        closeQuietly();
        try {
            connection = new Connect(uri, false);
            return connection;
        } catch (LibvirtException e) {
            throw new HypervisorException("cannot connect to " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HostInfo hostInfo() {
        return call(c -> {
            var node = c.nodeInfo();
            return new HostInfo(uri, c.getType(), version(c.getVersion()), version(c.getLibVirVersion()),
                    c.getHostName(), node.model, node.cpus, node.memory / 1024, accelerator, acceleratorSource);
        });
    }

    @Override
    public Accelerator accelerator() {
        return accelerator;
    }

    @Override
    public String define(DomainSpec spec) {
        String xml = DomainXml.of(spec);
        return call(c -> c.domainDefineXML(xml).getName());
    }

    @Override
    public void start(String domainName) {
        call(c -> c.domainLookupByName(domainName).create());
    }

    @Override
    public void destroy(String domainName) {
        call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null && d.isActive() == 1) {
                d.destroy();
            }
            return null;
        });
    }

    @Override
    public void undefine(String domainName) {
        call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null) {
                d.undefine();
            }
            return null;
        });
    }

    @Override
    public Optional<DomainState> state(String domainName) {
        return call(c -> {
            Domain d = lookup(c, domainName);
            return d == null ? Optional.empty() : Optional.of(map(d.getInfo().state));
        });
    }

    static DomainState map(DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> DomainState.SUSPENDED;
            default -> DomainState.UNKNOWN;
        };
    }

    private static Domain lookup(Connect c, String name) throws LibvirtException {
        try {
            return c.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return null;
            }
            throw e;
        }
    }

    @FunctionalInterface
    interface LibvirtCall<T> {
        T apply(Connect c) throws LibvirtException;
    }

    <T> T call(LibvirtCall<T> work) {
        try {
            return work.apply(connection());
        } catch (LibvirtException e) {
            throw new HypervisorException(e.getMessage(), e);
        }
    }

    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (LibvirtException ignored) {
                // the connection is gone anyway
            }
            connection = null;
        }
    }

    @Override
    public synchronized void destroy() {
        closeQuietly();
    }
}
