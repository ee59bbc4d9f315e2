package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.quotas.QuotaExceededException;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;

/** Resizing a stopped machine on the real hypervisor, within the quota; refusals change nothing. */
@IntegrationTest
class ResizeIT {
    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    QuotaService quotas;

    @Test
    void resizeIsCheckedAgainstTheQuotaAndReachesLibvirt() throws Exception {
        var m = demo.create("resize-it", false);
        var user = demo.user();
        try {
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 2, 1024, 5, 10, AuditSource.SYSTEM));

            assertThatThrownBy(() -> Actors.as(user, () -> machines.resize(m.id(), 3, null, null, AuditSource.API)))
                    .isInstanceOf(QuotaExceededException.class);
            assertThatThrownBy(() -> Actors.as(user, () -> machines.resize(m.id(), null, null, 6, AuditSource.API)))
                    .isInstanceOf(QuotaExceededException.class);
            assertThatThrownBy(() -> Actors.as(user, () -> machines.resize(m.id(), null, null, 0, AuditSource.API)))
                    .isInstanceOf(InvalidInputException.class); // disks do not shrink
            assertThat(demo.get(m.id()).vcpus()).isEqualTo(1);
            assertThat(Virsh.run("dumpxml", m.domainName())).contains(">1</vcpu>");

            var resized = Actors.as(user, () -> machines.resize(m.id(), 2, 256, 3, AuditSource.API));
            assertThat(resized.vcpus()).isEqualTo(2);
            assertThat(resized.memoryMiB()).isEqualTo(256);
            assertThat(resized.diskGiB()).isEqualTo(3);
            assertThat(Virsh.run("dumpxml", m.domainName()))
                    .contains(">2</vcpu>")
                    .contains("<memory unit='KiB'>262144</memory>");
            assertThat(Virsh.run("vol-info", "--pool", "vireo", m.domainName() + ".qcow2"))
                    .contains("3.00 GiB");
            assertThat(demo.quota().used().vcpus()).isEqualTo(2);

            // Shrinking vCPUs is always allowed, also when the tenant is over a lowered limit elsewhere.
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 2, 128, 5, 10, AuditSource.SYSTEM));
            assertThat(Actors.as(user, () -> machines.resize(m.id(), 1, null, null, AuditSource.API))
                            .vcpus())
                    .isEqualTo(1);

            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));
            assertThatThrownBy(() -> Actors.as(user, () -> machines.resize(m.id(), 1, 128, null, AuditSource.API)))
                    .isInstanceOf(ConflictException.class);
        } finally {
            demo.delete(m.id());
        }
    }
}
