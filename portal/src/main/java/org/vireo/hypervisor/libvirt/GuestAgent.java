package org.vireo.hypervisor.libvirt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vireo.hypervisor.HypervisorException;

/**
 * Commands to qemu-guest-agent that change something in the guest: programs run with {@code guest-exec} (an
 * argument vector, no shell) and waited for, and the guest's interface names. Each answer an agent that is not
 * there gives (a libvirt error) is "empty", so that callers can fall back to the next boot.
 */
final class GuestAgent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_SECONDS = 5;
    private static final long WAIT_MILLIS = 20_000;

    private GuestAgent() {}

    /** The guest's name of the interface with {@code mac}; empty without an agent or such an interface. */
    static Optional<String> interfaceName(Domain d, String mac) throws LibvirtException {
        JsonNode interfaces;
        try {
            interfaces = command(d, JSON.createObjectNode().put("execute", "guest-network-get-interfaces"));
        } catch (LibvirtException e) {
            return Optional.empty();
        }
        for (var iface : interfaces) {
            if (mac.equalsIgnoreCase(iface.path("hardware-address").asText(""))) {
                return Optional.of(iface.path("name").asText());
            }
        }
        return Optional.empty();
    }

    /** Runs {@code argv} in the guest and waits for it: its exit code; empty when no agent answers. */
    static OptionalInt exec(Domain d, List<String> argv) throws LibvirtException {
        var request = JSON.createObjectNode().put("execute", "guest-exec");
        var arguments = request.putObject("arguments").put("path", argv.get(0)).put("capture-output", true);
        var args = arguments.putArray("arg");
        argv.subList(1, argv.size()).forEach(args::add);
        long pid;
        try {
            pid = command(d, request).path("pid").asLong(-1);
        } catch (LibvirtException e) {
            return OptionalInt.empty();
        }
        var status = JSON.createObjectNode().put("execute", "guest-exec-status");
        status.putObject("arguments").put("pid", pid);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            var answer = command(d, status);
            if (answer.path("exited").asBoolean(false)) {
                return OptionalInt.of(answer.path("exitcode").asInt(-1));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new HypervisorException("the guest's " + argv.get(0) + " did not finish in time", null);
    }

    private static JsonNode command(Domain d, JsonNode request) throws LibvirtException {
        try {
            return JSON.readTree(d.qemuAgentCommand(JSON.writeValueAsString(request), TIMEOUT_SECONDS, 0))
                    .path("return");
        } catch (JsonProcessingException e) {
            throw new HypervisorException("the guest agent answered something unreadable", e);
        }
    }
}
