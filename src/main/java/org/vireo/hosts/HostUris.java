package org.vireo.hosts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;
import org.vireo.base.InvalidInputException;

/**
 * Which libvirt URIs a host may have: the QEMU driver's system instance, locally ({@code qemu:///system}, or
 * another daemon's socket with {@code qemu+unix:///system?socket=/path}) or remotely over SSH, TLS or TCP. No
 * password in the URI: SSH keys and TLS certificates are files on the portal's machine, named by parameters.
 */
final class HostUris {
    private static final Set<String> SCHEMES = Set.of("qemu", "qemu+unix", "qemu+ssh", "qemu+tls", "qemu+tcp");
    private static final Set<String> PARAMETERS = Set.of("socket", "keyfile", "pkipath", "known_hosts",
            "no_verify", "no_tty", "sshauth");
    /** No leading dash: a host or value must never read as an option to ssh. */
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$");
    private static final Pattern USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    private static final Pattern VALUE = Pattern.compile("^[A-Za-z0-9/][A-Za-z0-9._/,+-]{0,299}$");

    private HostUris() {
    }

    static String check(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("uri", "validation.required");
        }
        String uri = value.strip();
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("uri", "hosts.uri-invalid");
        }
        if (uri.length() > 500 || parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme())
                || !"/system".equals(parsed.getPath()) || parsed.getFragment() != null) {
            throw new InvalidInputException("uri", "hosts.uri-invalid");
        }
        boolean local = parsed.getScheme().equals("qemu") || parsed.getScheme().equals("qemu+unix");
        if (local != (parsed.getRawAuthority() == null)) {
            throw new InvalidInputException("uri", "hosts.uri-invalid");
        }
        if (!local) {
            String user = parsed.getUserInfo();
            if (parsed.getHost() == null || !HOST.matcher(parsed.getHost()).matches()
                    || (user != null && !USER.matcher(user).matches())) {
                throw new InvalidInputException("uri", "hosts.uri-invalid"); // also refuses user:password@
            }
        }
        if (parsed.getRawQuery() != null) {
            for (String pair : parsed.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2 || !PARAMETERS.contains(kv[0]) || !VALUE.matcher(kv[1]).matches()
                        || kv[1].contains("..")) {
                    throw new InvalidInputException("uri", "hosts.uri-invalid");
                }
            }
        }
        return uri;
    }
}
