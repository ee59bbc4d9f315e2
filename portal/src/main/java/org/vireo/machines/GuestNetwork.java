package org.vireo.machines;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.networks.PublicIp;

/**
 * A running guest's addresses changed through its agent with iproute2, as cloud-init would configure them on the
 * next boot: the public interface named {@code eth1}, {@code eth2}…, its address, and the first one's gateway as
 * default route. Without an agent (or one that refuses) nothing is done and the change waits for the next boot.
 */
@Component
class GuestNetwork {
    private static final Logger log = LoggerFactory.getLogger(GuestNetwork.class);
    /** How long a hot-plugged interface may take to show in the guest. */
    private static final long APPEAR_MILLIS = 20_000;

    private final TenantNetworks networks;

    GuestNetwork(TenantNetworks networks) {
        this.networks = networks;
    }

    /** Configures {@code ip}, the {@code index}-th public address, in the guest; false when that was not possible. */
    boolean configure(Hypervisor hypervisor, String domain, PublicIp ip, int index) {
        try {
            var found = awaitInterface(hypervisor, domain, ip.mac());
            if (found.isEmpty()) {
                return false;
            }
            String name = found.get();
            String wanted = "eth" + (index + 1);
            if (!name.equals(wanted)
                    && run(hypervisor, domain, "ip", "link", "set", "dev", name, "down")
                    && run(hypervisor, domain, "ip", "link", "set", "dev", name, "name", wanted)) {
                name = wanted;
            }
            boolean done = run(hypervisor, domain, "ip", "link", "set", "dev", name, "up")
                    && run(hypervisor, domain, "ip", "addr", "replace", ip.address() + "/" + ip.prefix(), "dev", name);
            if (done && index == 0) {
                done = run(hypervisor, domain, "ip", "route", "replace", "default", "via", ip.gateway(), "dev", name);
            }
            return done;
        } catch (RuntimeException e) {
            log.info("guest agent of {} did not configure {}: {}", domain, ip.address(), e.getMessage());
            return false;
        }
    }

    /**
     * Takes {@code ip} off the guest before its interface is unplugged and, if it carried the default route, moves
     * that to the next public address or back to the private network's gateway. Best effort: the seed has it right
     * for the next boot either way.
     */
    void unconfigure(Hypervisor hypervisor, Machine machine, PublicIp ip, List<PublicIp> remaining) {
        String domain = machine.domainName();
        try {
            var name = hypervisor.guestInterfaceName(domain, ip.mac());
            if (name.isEmpty()) {
                return;
            }
            run(hypervisor, domain, "ip", "addr", "flush", "dev", name.get());
            run(hypervisor, domain, "ip", "link", "set", "dev", name.get(), "down");
            if (!remaining.isEmpty()) {
                var next = remaining.get(0);
                hypervisor
                        .guestInterfaceName(domain, next.mac())
                        .ifPresent(n -> run(
                                hypervisor,
                                domain,
                                "ip",
                                "route",
                                "replace",
                                "default",
                                "via",
                                next.gateway(),
                                "dev",
                                n));
                return;
            }
            var network = networks.network(machine.tenantId(), machine.hostId());
            if (network.mode().dhcp()) {
                hypervisor
                        .guestInterfaceName(domain, machine.mac())
                        .ifPresent(n -> run(
                                hypervisor,
                                domain,
                                "ip",
                                "route",
                                "replace",
                                "default",
                                "via",
                                network.gateway(),
                                "dev",
                                n));
            }
        } catch (RuntimeException e) {
            log.info("guest agent of {} did not take {} off: {}", domain, ip.address(), e.getMessage());
        }
    }

    private static Optional<String> awaitInterface(Hypervisor hypervisor, String domain, String mac) {
        long deadline = System.currentTimeMillis() + APPEAR_MILLIS;
        while (true) {
            var name = hypervisor.guestInterfaceName(domain, mac);
            if (name.isPresent() || System.currentTimeMillis() > deadline) {
                return name;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static boolean run(Hypervisor hypervisor, String domain, String... argv) {
        var exit = hypervisor.guestExec(domain, List.of(argv));
        if (exit.isPresent() && exit.getAsInt() != 0) {
            log.info("{} in {} exited {}", String.join(" ", argv), domain, exit.getAsInt());
        }
        return exit.isPresent() && exit.getAsInt() == 0;
    }
}
