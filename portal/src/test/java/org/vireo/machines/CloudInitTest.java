package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;
import org.vireo.base.InvalidInputException;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.networks.PublicIp;
import org.yaml.snakeyaml.Yaml;

/** The seed's user-data: the tenant's cloud-config, checked, with Vireo's keys, name and password hash merged in. */
class CloudInitTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q a@b";

    @Test
    void tenantConfigIsKeptAndVireoKeysAreAddedOnTop() {
        var own = CloudInit.parseUserData("#cloud-config\nhostname: mine\npackages: [htop]\n"
                + "ssh_authorized_keys:\n  - ssh-rsa AAAAB3 own@key\n");
        String hash = CloudInit.hash("s3cret-Pass");
        String text = CloudInit.userData("web-1", new CloudInit.Guest(List.of(KEY), "debian", hash, own));
        assertThat(text).startsWith("#cloud-config\n").doesNotContain("s3cret-Pass");
        Map<String, Object> m = new Yaml().load(text);
        assertThat(m.get("hostname")).isEqualTo("web-1");
        assertThat(m.get("packages")).isEqualTo(List.of("htop"));
        assertThat(m.get("ssh_authorized_keys")).isEqualTo(List.of("ssh-rsa AAAAB3 own@key", KEY));
        assertThat(m.get("ssh_pwauth")).isEqualTo(true);
        assertThat(m.get("chpasswd"))
                .isEqualTo(Map.of(
                        "expire", false, "users", List.of(Map.of("name", "debian", "password", hash, "type", "hash"))));
        // The hash is a SHA-512 crypt of the password: the same salt gives the same hash.
        assertThat(hash).startsWith("$6$");
        String salt = hash.substring(0, hash.lastIndexOf('$'));
        assertThat(Sha2Crypt.sha512Crypt("s3cret-Pass".getBytes(), salt)).isEqualTo(hash);
        assertThat(Sha2Crypt.sha512Crypt("other".getBytes(), salt)).isNotEqualTo(hash);
    }

    @Test
    void networkConfigNamesTheInterfaceByMacWithDhcpOrAStaticAddress() {
        var subnet = Cidr.parse("10.96.4.0/24");
        Map<String, Object> dhcp = new Yaml()
                .load(CloudInit.networkConfig(
                        new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.NAT, subnet),
                        "52:54:00:aa:bb:cc",
                        "10.96.4.2",
                        List.of()));
        assertThat(dhcp.get("version")).isEqualTo(2);
        assertThat(dhcp.get("ethernets"))
                .isEqualTo(Map.of(
                        "eth0",
                        Map.of("match", Map.of("macaddress", "52:54:00:aa:bb:cc"), "set-name", "eth0", "dhcp4", true)));
        Map<String, Object> isolated = new Yaml()
                .load(CloudInit.networkConfig(
                        new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.ISOLATED, subnet),
                        "52:54:00:aa:bb:cc",
                        "10.96.4.2",
                        List.of()));
        assertThat(isolated.get("ethernets"))
                .isEqualTo(Map.of(
                        "eth0",
                        Map.of(
                                "match",
                                Map.of("macaddress", "52:54:00:aa:bb:cc"),
                                "set-name",
                                "eth0",
                                "dhcp4",
                                false,
                                "addresses",
                                List.of("10.96.4.2/24"))));
        // a public address: static, with the default route; the private interface keeps its address, no gateway
        Map<String, Object> both = new Yaml()
                .load(CloudInit.networkConfig(
                        new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.NAT, subnet),
                        "52:54:00:aa:bb:cc",
                        "10.96.4.2",
                        List.of(new PublicIp(
                                "192.0.2.10", UUID.randomUUID(), "52:54:00:aa:bb:cd", "br0", 24, "192.0.2.1", null))));
        assertThat(both.get("ethernets"))
                .isEqualTo(Map.of(
                        "eth0",
                                Map.of(
                                        "match",
                                        Map.of("macaddress", "52:54:00:aa:bb:cc"),
                                        "set-name",
                                        "eth0",
                                        "dhcp4",
                                        false,
                                        "addresses",
                                        List.of("10.96.4.2/24")),
                        "eth1",
                                Map.of(
                                        "match",
                                        Map.of("macaddress", "52:54:00:aa:bb:cd"),
                                        "set-name",
                                        "eth1",
                                        "dhcp4",
                                        false,
                                        "addresses",
                                        List.of("192.0.2.10/24"),
                                        "gateway4",
                                        "192.0.2.1")));
    }

    @Test
    void withoutPasswordNoPasswordKeys() {
        Map<String, Object> m =
                new Yaml().load(CloudInit.userData("db", new CloudInit.Guest(List.of(KEY), null, null, Map.of())));
        assertThat(m).containsOnlyKeys("hostname", "ssh_authorized_keys", "updates");
        assertThat(m.get("updates")).isEqualTo(Map.of("network", Map.of("when", List.of("boot"))));
        assertThat(CloudInit.metaData(UUID.fromString("00000000-0000-0000-0000-000000000001"), "db"))
                .contains("instance-id: 00000000-0000-0000-0000-000000000001")
                .contains("local-hostname: db");
    }

    @Test
    void anOlderSeedsUserDataLearnsToApplyNetworkChangesOnBoot() {
        String older = "#cloud-config\nhostname: db\nssh_pwauth: true\n";
        String updated = CloudInit.withNetworkOnBoot(older);
        assertThat(updated).startsWith("#cloud-config\n");
        Map<String, Object> m = new Yaml().load(updated);
        assertThat(m)
                .containsEntry("hostname", "db")
                .containsEntry("ssh_pwauth", true)
                .containsEntry("updates", Map.of("network", Map.of("when", List.of("boot"))));
        // a tenant's own "updates" stays
        Map<String, Object> own = new Yaml().load(CloudInit.withNetworkOnBoot("#cloud-config\nupdates: {}\n"));
        assertThat(own.get("updates")).isEqualTo(Map.of());
    }

    @Test
    void badUserDataIsRefusedWithItsReason() {
        assertThat(CloudInit.parseUserData(null)).isEmpty();
        assertThat(CloudInit.parseUserData("#cloud-config\n")).isEmpty();
        assertRefused("#!/bin/sh\necho hi\n", "machines.user-data-not-cloud-config");
        assertRefused("#cloud-config\n- a\n- list\n", "machines.user-data-not-mapping");
        assertRefused("#cloud-config\nkey: [unclosed\n", "machines.user-data-invalid");
        assertRefused("#cloud-config\na: 1\na: 2\n", "machines.user-data-invalid");
        assertRefused(
                "#cloud-config\nx: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n",
                "machines.user-data-invalid");
        assertRefused("#cloud-config\nssh_authorized_keys: one-key\n", "machines.user-data-invalid");
        assertRefused(
                "#cloud-config\nx: \"" + "a".repeat(CloudInit.MAX_USER_DATA_BYTES) + "\"\n",
                "machines.user-data-too-long");
        // A billion laughs stops at the alias limit.
        var laughs = new StringBuilder("#cloud-config\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            laughs.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append("]\n");
        }
        assertRefused(laughs.toString(), "machines.user-data-invalid");
    }

    @Test
    void generatedPasswordsAreLongAndUnambiguous() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 200; i++) {
            String p = CloudInit.generatePassword();
            assertThat(p).hasSize(16).doesNotContainPattern("[0O1lIyYzZ]");
            seen.add(p);
        }
        assertThat(seen).hasSize(200);
    }

    private static void assertRefused(String userData, String key) {
        assertThatThrownBy(() -> CloudInit.parseUserData(userData))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isEqualTo(key));
    }
}
