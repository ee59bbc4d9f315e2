package org.vireo.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vireo.base.InvalidInputException;

class HostUrisTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qemu:///system",
                "qemu+unix:///system?socket=/var/lib/vireo-host2/run/libvirt-sock",
                "qemu+ssh://root@kvm2.example.com/system?keyfile=/etc/vireo/ssh/id_ed25519&known_hosts=/etc/vireo/ssh/k"
                        + "h",
                "qemu+ssh://kvm3:2222/system",
                "qemu+tls://kvm4.example.com/system?pkipath=/etc/vireo/pki/kvm4",
                "qemu+tls://kvm4.example.com/system?no_verify=0",
                "qemu+libssh2://root@198.18.1.2/system?keyfile=/var/lib/vireo-labs/a/client/id_ed25519"
                        + "&known_hosts=/var/lib/vireo-labs/a/client/known_hosts&sshauth=privkey",
                "qemu+libssh2://kvm5/system?known_hosts=/etc/vireo/ssh/kh&known_hosts_verify=normal"
            })
    void acceptsTheQemuSystemDriverLocallyAndRemotely(String uri) {
        assertThat(HostUris.check(uri, false)).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qemu+tcp://192.0.2.12/system",
                "qemu+ssh://root@kvm2.example.com/system?keyfile=/etc/vireo/ssh/id_ed25519&no_verify=1",
                "qemu+ssh://kvm2/system?known_hosts=/dev/null",
                "qemu+tls://kvm4.example.com/system?no_verify=1",
                "qemu+libssh2://kvm5/system?known_hosts_verify=auto",
                "qemu+libssh2://kvm5/system?known_hosts_verify=ignore"
            })
    void insecureTransportsOnlyWhenTheOperatorAllowsThem(String uri) {
        assertThatThrownBy(() -> HostUris.check(uri, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hosts.uri-insecure");
        assertThat(HostUris.check(uri, true)).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qemu:///session",
                "qemu+libssh://kvm2/system",
                "xen:///system",
                "test:///default",
                "qemu+ssh://root:secret@kvm2/system",
                "qemu+ssh:///system",
                "qemu://kvm2/system",
                "qemu+ssh://kvm2/system?command=rm",
                "qemu+ssh://kvm2/system#x",
                "qemu+ssh://kvm2/system?keyfile=/etc/$(id)",
                "qemu+ssh://kv m2/system",
                "qemu+ssh://-oProxyCommand=x/system",
                "qemu+ssh://-oX/system",
                "qemu+ssh://kvm2/system?keyfile=-oProxyCommand",
                "qemu+ssh://kvm2/system?keyfile=/etc/../root/key",
                "qemu+ext:///system?command=/bin/sh",
                "",
                "qemu+unix:///system?socket=/a/../b%00"
            })
    void refusesOtherDriversPasswordsAndUnknownParameters(String uri) {
        assertThatThrownBy(() -> HostUris.check(uri, true)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nullIsRequired() {
        assertThatThrownBy(() -> HostUris.check(null, true)).isInstanceOf(InvalidInputException.class);
    }
}
