package org.vireo.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A guest's qemu-guest-agent on its domain's virtio channel. */
public interface GuestChannel {

    /** The guest's OS name and host name as its agent tells them; empty when no agent answers. */
    Optional<GuestInfo> guestInfo(String domainName);

    /**
     * Sets a guest user's password through the agent; a {@link HypervisorException} when no agent answers or the
     * guest refuses (unknown user).
     */
    void setUserPassword(String domainName, String user, String password);

    /** The guest's name of its interface with {@code mac}, as its agent says; empty without agent or interface. */
    Optional<String> guestInterfaceName(String domainName, String mac);

    /**
     * Runs a program in the guest through its agent ({@code argv}: the program's path and its arguments, no shell)
     * and waits for it: its exit code; empty when no agent answers.
     */
    OptionalInt guestExec(String domainName, List<String> argv);
}
