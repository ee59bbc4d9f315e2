package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.vireo.base.InvalidInputException;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.networks.PublicIp;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** NoCloud seed contents, written by a YAML library from validated values (no text templating). */
final class CloudInit {
    static final int MAX_USER_DATA_BYTES = 32 * 1024;
    /** The user-data the seed gets (the tenant's, its keys, the password hash) at most. */
    static final int MAX_MERGED_USER_DATA_BYTES = 256 * 1024;

    private static final String HEADER = "#cloud-config";
    /** No 0/O, 1/l/I: read off a screen and typed on a German or a US keyboard alike (no y/z either). */
    private static final char[] PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxABCDEFGHJKLMNPQRSTUVWX23456789".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();
    /** NoCloud applies its network configuration again on each boot (by default only on an instance's first). */
    private static final Map<String, Object> NETWORK_ON_BOOT = Map.of("network", Map.of("when", List.of("boot")));

    private CloudInit() {}

    /** What the guest gets besides its name: keys, a password hash for the template's user, the tenant's YAML. */
    record Guest(List<String> sshKeys, String user, String passwordHash, Map<String, Object> userConfig) {}

    static String metaData(UUID machineId, String hostname) {
        return metaData(machineId.toString(), hostname);
    }

    /** A new {@code instanceId} (a rebuild's) makes cloud-init run again as on a first boot. */
    static String metaData(String instanceId, String hostname) {
        var m = new LinkedHashMap<String, Object>();
        m.put("instance-id", instanceId);
        m.put("local-hostname", hostname);
        return yaml().dump(m);
    }

    /**
     * The tenant's cloud-config with Vireo's keys on top: the host name is the machine's, the chosen SSH keys join
     * any the tenant listed, and a generated password (only its SHA-512 crypt hash) is set for the template's user.
     */
    static String userData(String hostname, Guest guest) {
        var m = new LinkedHashMap<String, Object>(guest.userConfig());
        m.put("hostname", hostname);
        m.putIfAbsent("updates", NETWORK_ON_BOOT);
        var keys = new ArrayList<Object>();
        if (m.get("ssh_authorized_keys") instanceof List<?> own) {
            keys.addAll(own);
        }
        keys.addAll(guest.sshKeys());
        m.put("ssh_authorized_keys", keys);
        if (guest.passwordHash() != null) {
            var user = new LinkedHashMap<String, Object>();
            user.put("name", guest.user());
            user.put("password", guest.passwordHash());
            user.put("type", "hash");
            var chpasswd = new LinkedHashMap<String, Object>();
            chpasswd.put("expire", false);
            chpasswd.put("users", List.of(user));
            m.put("chpasswd", chpasswd);
            m.put("ssh_pwauth", true);
        }
        return HEADER + "\n" + yaml().dump(m);
    }

    /**
     * cloud-init's network configuration (version 2), each interface named by its MAC: {@code eth0} on the
     * tenant's private network takes its address by DHCP where the host serves it, else statically (an isolated
     * network has no gateway); with public addresses, {@code eth1}, {@code eth2}… get them statically and the first
     * one's gateway is the default route (the private one then has its address without a gateway).
     */
    static String networkConfig(NetworkSpec network, String mac, String ipv4, List<PublicIp> publics) {
        var ethernets = new LinkedHashMap<String, Object>();
        var eth = new LinkedHashMap<String, Object>();
        eth.put("match", Map.of("macaddress", mac));
        eth.put("set-name", "eth0");
        if (network.mode().dhcp() && publics.isEmpty()) {
            eth.put("dhcp4", true);
        } else {
            eth.put("dhcp4", false);
            eth.put("addresses", List.of(ipv4 + "/" + network.subnet().prefix()));
        }
        ethernets.put("eth0", eth);
        for (int i = 0; i < publics.size(); i++) {
            var ip = publics.get(i);
            var pub = new LinkedHashMap<String, Object>();
            pub.put("match", Map.of("macaddress", ip.mac()));
            pub.put("set-name", "eth" + (i + 1));
            pub.put("dhcp4", false);
            pub.put("addresses", List.of(ip.address() + "/" + ip.prefix()));
            if (i == 0) {
                // gateway4, not routes: Debian 12's ifupdown renderer writes routes as net-tools' "route add",
                // which the image lacks, while a gateway becomes ifupdown's own "ip route add default"
                pub.put("gateway4", ip.gateway());
            }
            ethernets.put("eth" + (i + 1), pub);
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("version", 2);
        m.put("ethernets", ethernets);
        return yaml().dump(m);
    }

    /**
     * A seed's user-data (Vireo's own, from an earlier seed) that lets cloud-init apply a changed network
     * configuration on every boot, not just on the first.
     */
    static String withNetworkOnBoot(String userData) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(userData);
        var m = new LinkedHashMap<String, Object>();
        if (parsed instanceof Map<?, ?> map) {
            map.forEach((k, v) -> m.put(String.valueOf(k), v));
        }
        m.putIfAbsent("updates", NETWORK_ON_BOOT);
        return HEADER + "\n" + yaml().dump(m);
    }

    /**
     * A tenant's user-data: at most 32 KiB of {@code #cloud-config} YAML holding a mapping (or nothing), read with
     * SnakeYAML's safe constructor (plain data, no tags naming classes, few aliases).
     */
    static Map<String, Object> parseUserData(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
            throw new InvalidInputException("userData", "machines.user-data-too-long", MAX_USER_DATA_BYTES / 1024);
        }
        String firstLine = text.lines().findFirst().orElse("").strip();
        if (!firstLine.equals(HEADER)) {
            throw new InvalidInputException("userData", "machines.user-data-not-cloud-config");
        }
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(30);
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InvalidInputException("userData", "machines.user-data-invalid", line, e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidInputException("userData", "machines.user-data-invalid", 0, e.getMessage());
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            throw new InvalidInputException("userData", "machines.user-data-not-mapping");
        }
        if (map.containsKey("ssh_authorized_keys") && !(map.get("ssh_authorized_keys") instanceof List<?>)) {
            throw new InvalidInputException(
                    "userData", "machines.user-data-invalid", 0, "ssh_authorized_keys must be a list");
        }
        @SuppressWarnings("unchecked")
        var result = (Map<String, Object>) map;
        return result;
    }

    static String generatePassword() {
        var b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(PASSWORD_CHARS[RANDOM.nextInt(PASSWORD_CHARS.length)]);
        }
        return b.toString();
    }

    /** {@code $6$…}: what chpasswd -e and /etc/shadow take; the clear password stays in the caller's hands. */
    static String hash(String password) {
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8));
    }

    private static Yaml yaml() {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        return new Yaml(options);
    }
}
