package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.vireo.hypervisor.HypervisorException;

/**
 * A host whose sshd accepts but never greets (the CI run of 2026-12-07 met one in a lab under load): callers are told
 * "no answer" after the bounded wait instead of hanging with the session's lock held, waiting callers share one
 * attempt, and when the peer finally hangs up the next attempt fails on its own. Real libvirt client, loopback only.
 */
class LibvirtSessionIT {

    @Test
    void aHostThatAcceptsButNeverGreetsCostsCallersTheWaitNotTheirThread() throws Exception {
        try (var silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            var acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            var session = new LibvirtSession(
                    "qemu+libssh2://root@127.0.0.1:" + silent.getLocalPort()
                            + "/system?sshauth=privkey&keyfile=/nonexistent&known_hosts=/nonexistent",
                    Duration.ofSeconds(2));
            try {
                long began = System.nanoTime();
                assertThatThrownBy(session::connection)
                        .isInstanceOf(HypervisorException.class)
                        .hasMessageContaining("no answer within 2 s");
                assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));

                // a second caller (and the watchdog, every 2 s) waits on the same attempt: one connection only
                assertThatThrownBy(session::connection).hasMessageContaining("no answer");
                assertThat(accepted).hasSize(1);

                // the peer hangs up: the attempt ends (libssh2: no banner) and the next caller starts a new one
                accepted.get(0).close();
                long deadline = System.currentTimeMillis() + 10_000;
                String said = "";
                while (accepted.size() < 2 && System.currentTimeMillis() < deadline) {
                    try {
                        session.connection();
                    } catch (HypervisorException e) {
                        said = String.valueOf(e.getMessage());
                    }
                }
                assertThat(accepted).hasSizeGreaterThanOrEqualTo(2);
                assertThat(said).startsWith("cannot connect to qemu+libssh2://");
            } finally {
                session.destroy();
                for (var s : accepted) {
                    s.close();
                }
            }
        }
    }
}
