package org.vireo.hypervisor.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt prints every error it raises to the portal's stderr ({@code libvirt: error : ...}), also the harmless
 * ones (a filter or network looked up before it is made, netlink's {@code wrong nlmsg len} on some kernels): a
 * newcomer's log filled with them. They go to the log {@code libvirt} at debug instead; every error that matters
 * reaches its caller as an exception and is logged there with what it meant.
 */
final class LibvirtErrors {
    private static final Logger log = LoggerFactory.getLogger("libvirt");
    /** Kept referenced for the life of the JVM: libvirt calls it from its own threads. */
    private static final Libvirt.VirErrorCallback TO_LOG = (data, error) -> {
        if (log.isDebugEnabled() && error != null) {
            log.debug("libvirt error {} in {}: {}", error.code, error.domain, error.message);
        }
    };

    private static boolean installed;

    private LibvirtErrors() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Connect.setErrorCallback(TO_LOG);
            installed = true;
        } catch (LibvirtException | RuntimeException e) {
            log.warn("libvirt's errors stay on stderr: {}", e.toString());
        }
    }
}
