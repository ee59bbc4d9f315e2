package org.vireo.hosts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Validation;

/**
 * Which libvirt URIs a host may have: the QEMU driver's system instance, locally ({@code qemu:///system}, or
 * another daemon's socket with {@code qemu+unix:///system?socket=/path}) or remotely over SSH or TLS. No
 * password in the URI: SSH keys and TLS certificates are files on the portal's machine, named by parameters.
 * {@code qemu+libssh2} checks the host key against the {@code known_hosts} file it names; {@code qemu+ssh} runs the
 * ssh binary, which ignores that parameter and checks the portal user's own known hosts.
 * Transports that let anyone on the path read or take over the connection (plain {@code qemu+tcp}, no host key or
 * certificate check with {@code no_verify=1}, {@code known_hosts=/dev/null}, {@code known_hosts_verify} other
 * than {@code normal}) only when the operator allows
 * insecure transports ({@code VIREO_HOSTS_ALLOW_INSECURE=true}, for labs).
 */
final class HostUris {
    /**
     * Not {@code qemu+libssh}: with libvirt 9.0 it crashed the portal's JVM (SIGSEGV inside libvirt) within a minute
     * of concurrent calls, reproducibly, where {@code qemu+libssh2} over the same lab host did not.
     */
    private static final Set<String> SCHEMES =
            Set.of("qemu", "qemu+unix", "qemu+ssh", "qemu+libssh2", "qemu+tls", "qemu+tcp");

    private static final Set<String> PARAMETERS = Set.of(
            "socket", "keyfile", "pkipath", "known_hosts", "known_hosts_verify", "no_verify", "no_tty", "sshauth");
    /** No leading dash: a host or value must never read as an option to ssh. */
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$");

    private static final Pattern VALUE = Pattern.compile("^[A-Za-z0-9/][A-Za-z0-9._/,+-]{0,299}$");

    private HostUris() {}

    static String check(String value, boolean allowInsecure) {
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
        if (uri.length() > 500
                || parsed.getScheme() == null
                || !SCHEMES.contains(parsed.getScheme())
                || !"/system".equals(parsed.getPath())
                || parsed.getFragment() != null) {
            throw new InvalidInputException("uri", "hosts.uri-invalid");
        }
        boolean local = parsed.getScheme().equals("qemu") || parsed.getScheme().equals("qemu+unix");
        if (local != (parsed.getRawAuthority() == null)) {
            throw new InvalidInputException("uri", "hosts.uri-invalid");
        }
        if (!local) {
            String user = parsed.getUserInfo();
            if (parsed.getHost() == null
                    || !HOST.matcher(parsed.getHost()).matches()
                    || (user != null && !Validation.UNIX_USER.matcher(user).matches())) {
                throw new InvalidInputException("uri", "hosts.uri-invalid"); // also refuses user:password@
            }
        }
        boolean insecure = parsed.getScheme().equals("qemu+tcp");
        if (parsed.getRawQuery() != null) {
            for (String pair : parsed.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2
                        || !PARAMETERS.contains(kv[0])
                        || !VALUE.matcher(kv[1]).matches()
                        || kv[1].contains("..")) {
                    throw new InvalidInputException("uri", "hosts.uri-invalid");
                }
                insecure |= kv[0].equals("no_verify") && !kv[1].equals("0")
                        || kv[0].equals("known_hosts") && kv[1].equals("/dev/null")
                        || kv[0].equals("known_hosts_verify") && !kv[1].equals("normal");
            }
        }
        if (insecure && !allowInsecure) {
            throw new InvalidInputException("uri", "hosts.uri-insecure");
        }
        return uri;
    }
}
