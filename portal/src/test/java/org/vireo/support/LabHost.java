package org.vireo.support;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A lab host of scripts/lab-host: a remote hypervisor host on this machine (own network and mount namespaces,
 * libvirtd behind sshd, a storage pool the portal cannot see, a console proxy next to it), reached as
 * {@code qemu+libssh://root@198.18.N.2/system}. Tests look inside it only through {@link #exec} and {@link #virsh}.
 */
public final class LabHost {
    /** The ticket key the portal under test shares with the lab's console proxy. */
    public static final byte[] CONSOLE_SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    private final String name;
    private final String uri;

    private LabHost(String name, String uri) {
        this.name = name;
        this.uri = uri;
    }

    /** Starts it afresh (a lab left by an earlier run is stopped first: empty pool, no domains, this key). */
    public static LabHost start(String name) throws Exception {
        script("stop", name);
        String uri = script("start", name).strip();
        String[] lines = uri.split("\n");
        var lab = new LabHost(name, lines[lines.length - 1].strip());
        for (String domain : lab.virsh("list", "--all", "--name").split("\n")) {
            if (domain.strip().startsWith("vireo-")) {
                lab.virsh("destroy", domain.strip());
                lab.virsh("undefine", domain.strip());
            }
        }
        for (String volume : lab.volumes()) {
            lab.virsh("vol-delete", "--pool", "vireo", volume);
        }
        return lab;
    }

    public void stop() throws Exception {
        script("stop", name);
    }

    public String uri() {
        return uri;
    }

    public String name() {
        return name;
    }

    /** Kills its libvirtd at once (its guests' QEMUs run on), as a crash would. */
    public void killLibvirtd() throws Exception {
        script("kill-libvirtd", name);
    }

    /** Starts its libvirtd again; it takes its guests back. */
    public void startLibvirtd() throws Exception {
        script("start-libvirtd", name);
    }

    public String consoleUrl() throws Exception {
        return script("console-url", name).strip();
    }

    public String address() throws Exception {
        return script("address", name).strip();
    }

    /** Its address on the labs' fabric, where other labs send it migrating machines. */
    public String migrationAddress() throws Exception {
        return script("migration-address", name).strip();
    }

    /** The portal's setting for the key it shares with this lab's console proxy. */
    public static String consoleSecret() {
        return Base64.getEncoder().encodeToString(CONSOLE_SECRET);
    }

    /** {@code virsh} through the lab's remote URI, as any remote client would; its output (errors included). */
    public String virsh(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        cmd.addAll(List.of(args));
        return output(cmd);
    }

    /** Names of the volumes in the lab's pool that Vireo made. */
    public List<String> volumes() throws Exception {
        var names = new ArrayList<String>();
        for (String line : virsh("vol-list", "vireo").split("\n")) {
            String volume = line.strip().split("\\s+")[0];
            if (volume.startsWith("vireo-")) {
                names.add(volume);
            }
        }
        return names;
    }

    /** Runs a command inside the lab (its network and mount namespaces). */
    public String exec(String... command) throws Exception {
        var cmd = new ArrayList<>(List.of("../scripts/lab-host", "exec", name));
        cmd.addAll(List.of(command));
        return output(cmd);
    }

    /** What the domain's serial port wrote, read inside the lab (libvirt's log directory there). */
    public String serialLog(String domain) throws Exception {
        return exec("cat", "/var/log/libvirt/qemu/" + domain + ".serial.log");
    }

    private static String script(String command, String name) throws Exception {
        var pb = new ProcessBuilder("../scripts/lab-host", command, name).redirectErrorStream(true);
        pb.environment().put("VIREO_CONSOLE_SECRET", consoleSecret());
        var p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("scripts/lab-host " + command + " " + name + " failed: " + out);
        }
        return out;
    }

    private static String output(List<String> cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
