package org.vireo.hypervisor.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import org.libvirt.Network;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.NetworkPointer;
import org.vireo.hypervisor.HypervisorException;

/**
 * libvirt's {@code virNetworkUpdate} (live and persistent changes to a running network, here its DHCP
 * reservations), which libvirt-java 0.5.4 does not bind: called through JNA on the network libvirt-java looked up.
 * The network's pointer is that library's package-private field, read once by reflection.
 */
final class NetworkUpdates {
    static final int MODIFY = 1;
    static final int DELETE = 2;
    static final int ADD_LAST = 3;
    static final int SECTION_IP_DHCP_HOST = 4;

    interface Api extends Library {
        Api INSTANCE = Native.load("virt", Api.class);

        int virNetworkUpdate(NetworkPointer network, int command, int section, int parentIndex, String xml, int flags);
    }

    private static final Field POINTER;

    static {
        try {
            POINTER = Network.class.getDeclaredField("vnp");
            POINTER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NetworkUpdates() {}

    /** Applies one update to the network's running and persistent definition; libvirt's message on failure. */
    static void update(Network network, boolean active, int command, int section, String xml) {
        NetworkPointer pointer;
        try {
            pointer = (NetworkPointer) POINTER.get(network);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        int flags = LibvirtFlags.Affect.config(active).bits(); // virNetworkUpdateFlags: the same values
        int done;
        try {
            done = Api.INSTANCE.virNetworkUpdate(pointer, command, section, -1, xml, flags);
        } finally {
            // the raw pointer alone does not keep the Network: its finalizer would free it mid-call
            Reference.reachabilityFence(network);
        }
        if (done < 0) {
            var error = Libvirt.INSTANCE.virGetLastError();
            String message = error == null || error.message == null ? "network update failed" : error.message;
            Libvirt.INSTANCE.virResetLastError();
            throw new HypervisorException(message, null);
        }
    }
}
