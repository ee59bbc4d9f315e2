package org.vireo.support;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostService;
import org.vireo.security.SystemActor;

/**
 * Two lab hosts on the labs' fabric for tests of moves between hosts: started afresh, their console proxies known to
 * the portal, registered (tcg, no way out, their fabric addresses as migration addresses), stopped.
 */
public final class TwoLabs {
    public final LabHost a;
    public final LabHost b;

    private TwoLabs(LabHost a, LabHost b) {
        this.a = a;
        this.b = b;
    }

    /** Starts both and tells the portal (its test properties) their console proxies and the shared key. */
    public static TwoLabs start(String nameA, String nameB, DynamicPropertyRegistry registry) throws Exception {
        var labs = new TwoLabs(LabHost.start(nameA), LabHost.start(nameB));
        String proxies = labs.a.consoleUrl() + "," + labs.b.consoleUrl();
        registry.add("vireo.console.secret", LabHost::consoleSecret);
        registry.add("vireo.console.proxies", () -> proxies);
        return labs;
    }

    /** Registers both (named as the labs), in {@code none} mode: DHCP and a gateway inside each lab, no way out. */
    public List<Host> register(HostService hosts) throws Exception {
        return List.of(register(hosts, a), register(hosts, b));
    }

    private static Host register(HostService hosts, LabHost lab) throws Exception {
        String name = lab.name();
        String uri = lab.uri();
        String console = lab.consoleUrl();
        String fabric = lab.migrationAddress();
        return SystemActor.call(
                () -> hosts.register(name, uri, "tcg", console, "none", "none", fabric, AuditSource.API));
    }

    /** The portal's own host, put into maintenance: machines go to the labs. */
    public static Host localInMaintenance(HostService hosts) {
        var local = SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
        SystemActor.run(() -> hosts.setMaintenance(local.id(), true, AuditSource.API));
        return local;
    }

    public static void stop(TwoLabs labs) throws Exception {
        if (labs != null) {
            labs.a.stop();
            labs.b.stop();
        }
    }
}
