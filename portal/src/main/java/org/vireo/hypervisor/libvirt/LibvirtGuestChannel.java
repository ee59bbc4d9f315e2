package org.vireo.hypervisor.libvirt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.libvirt.LibvirtException;
import org.vireo.hypervisor.GuestChannel;
import org.vireo.hypervisor.GuestInfo;
import org.vireo.hypervisor.HypervisorException;

/** What a guest's qemu-guest-agent tells and does; its answers are checked and capped ({@link AgentReplies}). */
final class LibvirtGuestChannel implements GuestChannel {
    private static final int AGENT_TIMEOUT_SECONDS = 3;
    private static final ObjectMapper AGENT_JSON = new ObjectMapper();
    private final LibvirtSession session;

    LibvirtGuestChannel(LibvirtSession session) {
        this.session = session;
    }

    @Override
    public Optional<GuestInfo> guestInfo(String domainName) {
        return session.call(c -> {
            var d = c.domainLookupByName(domainName);
            try {
                var os = AGENT_JSON
                        .readTree(d.qemuAgentCommand("{\"execute\":\"guest-get-osinfo\"}", AGENT_TIMEOUT_SECONDS, 0))
                        .path("return");
                var host = AGENT_JSON
                        .readTree(d.qemuAgentCommand("{\"execute\":\"guest-get-host-name\"}", AGENT_TIMEOUT_SECONDS, 0))
                        .path("return");
                List<String> addresses;
                try {
                    addresses = AgentReplies.addresses(AGENT_JSON
                            .readTree(d.qemuAgentCommand(
                                    "{\"execute\":\"guest-network-get-interfaces\"}", AGENT_TIMEOUT_SECONDS, 0))
                            .path("return"));
                } catch (LibvirtException e) {
                    addresses = List.of(); // an agent without the network command (or with it disabled)
                }
                return Optional.of(new GuestInfo(AgentReplies.osName(os), AgentReplies.hostname(host), addresses));
            } catch (LibvirtException e) {
                return Optional.<GuestInfo>empty(); // no agent in the guest, or it is not answering
            } catch (JsonProcessingException e) {
                throw new HypervisorException("the guest agent answered something unreadable", e);
            }
        });
    }

    @Override
    public Optional<String> guestInterfaceName(String domainName, String mac) {
        return session.call(c -> GuestAgent.interfaceName(c.domainLookupByName(domainName), mac));
    }

    @Override
    public OptionalInt guestExec(String domainName, List<String> argv) {
        return session.call(c -> GuestAgent.exec(c.domainLookupByName(domainName), argv));
    }

    @Override
    public void setUserPassword(String domainName, String user, String password) {
        session.call(c -> {
            c.domainLookupByName(domainName).setUserPassword(user, password, 0);
            return null;
        });
    }
}
