package org.vireo.consoleproxy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.regex.Pattern;

/**
 * Where a console session's bytes go: the machine's VNC (or serial) server on its host. The portal names a unix
 * socket that libvirt made for this run of the domain, so a ticket can never reach another machine's console, even
 * once the machine has stopped. A TCP target is for tools and benchmarks.
 */
public sealed interface ConsoleTarget {
    Pattern PATH = Pattern.compile("^(/[A-Za-z0-9._-]+){1,20}$");
    Pattern HOST = Pattern.compile("^[A-Za-z0-9.:-]{1,100}$");

    /** What the ticket carries: {@code unix} or {@code tcp}. */
    String kind();

    /** The socket path, or {@code host:port}. */
    String address();

    SocketAddress socketAddress();

    /** A unix-domain socket on the proxy's host, such as libvirt's per-run {@code …/domain-N-name/vnc.sock}. */
    record UnixSocket(String path) implements ConsoleTarget {
        public UnixSocket {
            if (path == null
                    || path.length() > 200
                    || !PATH.matcher(path).matches()
                    || path.contains("/../")
                    || path.endsWith("/..")
                    || path.contains("/./")) {
                throw new IllegalArgumentException("not an absolute socket path tickets carry");
            }
        }

        @Override
        public String kind() {
            return "unix";
        }

        @Override
        public String address() {
            return path;
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }
    }

    /** A TCP endpoint (loopback VNC of a test server, a benchmark's sink). */
    record Tcp(String host, int port) implements ConsoleTarget {
        public Tcp {
            if (host == null || !HOST.matcher(host).matches() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a host and port tickets carry");
            }
        }

        @Override
        public String kind() {
            return "tcp";
        }

        @Override
        public String address() {
            return host + ":" + port;
        }

        @Override
        public SocketAddress socketAddress() {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** The target a ticket's {@code kind} and {@code address} name; empty when they are not well formed. */
    static java.util.Optional<ConsoleTarget> parse(String kind, String address) {
        try {
            if ("unix".equals(kind)) {
                return java.util.Optional.of(new UnixSocket(address));
            }
            int colon = address.lastIndexOf(':');
            if ("tcp".equals(kind) && colon > 0) {
                return java.util.Optional.of(
                        new Tcp(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
            }
        } catch (IllegalArgumentException e) {
            // not well formed (NumberFormatException included)
        }
        return java.util.Optional.empty();
    }
}
