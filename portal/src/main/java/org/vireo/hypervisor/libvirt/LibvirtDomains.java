package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.definedXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.is;
import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.vireo.base.Xml;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainSummary;
import org.vireo.hypervisor.Domains;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.VncEndpoint;

/**
 * A host's domains: defined from {@link DomainXml}, changed while shut off or by device hot-plug, started (an older
 * release's definition upgraded first, {@link LegacyDomains}), stopped and listed.
 */
final class LibvirtDomains implements Domains {
    private final LibvirtSession session;

    LibvirtDomains(LibvirtSession session) {
        this.session = session;
    }

    @Override
    public String define(DomainSpec spec) {
        String xml = DomainXml.of(spec);
        return session.call(c -> c.domainDefineXML(xml).getName());
    }

    @Override
    public void resize(String domainName, int vcpus, int memoryMiB) {
        redefineStopped(domainName, doc -> doc.resize(vcpus, memoryMiB));
    }

    @Override
    public void setIso(String domainName, Path iso) {
        redefineStopped(domainName, doc -> doc.withIso(iso));
    }

    @Override
    public void setRescue(String domainName, DomainSpec.KernelBoot rescue) {
        redefineStopped(domainName, doc -> rescue == null ? doc.unrescue() : doc.rescue(rescue));
    }

    @Override
    public void attachInterface(String domainName, DomainSpec.Nic nic) {
        String device = DomainXml.interfaceDevice(nic);
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (DomainDocument.parse(definedXml(d)).interfaceWithMac(nic.mac()) == null) {
                d.attachDeviceFlags(
                        device, LibvirtFlags.Affect.config(d.isActive() == 1).bits());
            }
            return null;
        });
    }

    @Override
    public void updateInterface(String domainName, DomainSpec.Nic nic) {
        String device = DomainXml.interfaceDevice(nic);
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (DomainDocument.parse(definedXml(d)).interfaceWithMac(nic.mac()) != null) {
                d.updateDeviceFlags(
                        device, LibvirtFlags.Affect.config(d.isActive() == 1).bits());
            }
            return null;
        });
    }

    @Override
    public void detachInterface(String domainName, String mac) {
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            String defined = DomainDocument.parse(definedXml(d)).interfaceWithMac(mac);
            if (defined != null) {
                d.detachDeviceFlags(defined, LibvirtFlags.Affect.CONFIG.bits());
            }
            if (d.isActive() == 1) {
                String live = DomainDocument.parse(liveXml(d)).interfaceWithMac(mac);
                if (live != null) {
                    d.detachDeviceFlags(live, LibvirtFlags.Affect.LIVE.bits()); // the guest lets go of it shortly after
                }
            }
            return null;
        });
    }

    /** A shut-off domain's definition, changed. */
    private void redefineStopped(String domainName, UnaryOperator<DomainDocument> change) {
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (d.isActive() == 1) {
                throw new HypervisorException("domain " + domainName + " is running", null);
            }
            c.domainDefineXML(change.apply(DomainDocument.parse(definedXml(d))).xml());
            return null;
        });
    }

    @Override
    public void start(String domainName) {
        session.call(c -> started(c, c.domainLookupByName(domainName), LibvirtFlags.Start.NORMAL));
    }

    private static final SecureRandom RUNS = new SecureRandom();

    private static byte[] randomRun() {
        byte[] run = new byte[8];
        RUNS.nextBytes(run);
        return run;
    }

    /**
     * Starts the domain: a definition of an older Vireo brought up to date first, and every run its own serial
     * socket (a ticket of the last run, rescue, rebuild or restart, opens nothing now), in one parse.
     */
    static Domain started(Connect c, Domain d, LibvirtFlags.Start flags) throws LibvirtException {
        var doc = DomainDocument.parse(definedXml(d));
        LegacyDomains.upgrade(doc);
        doc.withSerialRun(HexFormat.of().formatHex(randomRun()));
        d = c.domainDefineXML(doc.xml());
        d.create(flags.bits());
        return d;
    }

    @Override
    public void shutdown(String domainName) {
        session.call(c -> {
            c.domainLookupByName(domainName).shutdown();
            return null;
        });
    }

    @Override
    public void reboot(String domainName) {
        session.call(c -> {
            c.domainLookupByName(domainName).reboot(0);
            return null;
        });
    }

    @Override
    public void destroy(String domainName) {
        session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null && d.isActive() == 1) {
                try {
                    d.destroy();
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) { // stopped meanwhile
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void undefine(String domainName) {
        session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null) {
                d.undefine(LibvirtFlags.Undefine.CHECKPOINTS_METADATA.bits());
            }
            return null;
        });
    }

    @Override
    public Optional<DomainState> state(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            return d == null ? Optional.empty() : Optional.of(map(d.getInfo().state));
        });
    }

    @Override
    public List<DomainSummary> listDomains() {
        return session.call(c -> {
            var result = new ArrayList<DomainSummary>();
            for (Domain d : c.listAllDomains(0)) {
                String name = d.getName();
                if (!name.startsWith("vireo-")) {
                    continue;
                }
                UUID machine = null;
                UUID tenant = null;
                try {
                    var meta = Xml.parse(d.getMetadata(LibvirtFlags.Metadata.ELEMENT.type(), DomainXml.METADATA_NS, 0))
                            .getDocumentElement();
                    machine = uuid(meta.getAttribute("id"));
                    tenant = uuid(meta.getAttribute("tenant"));
                } catch (LibvirtException | IllegalArgumentException e) {
                    // not one of ours after all, or metadata removed by hand
                }
                result.add(new DomainSummary(name, machine, tenant, map(d.getInfo().state)));
            }
            return result;
        });
    }

    @Override
    public Optional<VncEndpoint> vncEndpoint(String domainName) {
        return runningXml(domainName).map(DomainDocument::vncSocket).map(VncEndpoint::new);
    }

    @Override
    public Optional<String> serialSocket(String domainName) {
        return runningXml(domainName).map(DomainDocument::serialSocket);
    }

    /** The live XML of a running domain; empty when it does not run. */
    private Optional<DomainDocument> runningXml(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            return d == null || d.isActive() != 1 ? Optional.empty() : Optional.of(DomainDocument.parse(liveXml(d)));
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

    private static UUID uuid(String s) {
        return s == null || s.isEmpty() ? null : UUID.fromString(s);
    }
}
