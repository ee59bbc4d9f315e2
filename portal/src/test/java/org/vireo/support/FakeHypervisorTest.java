package org.vireo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.NetworkSpec;

/** The fake's own behaviour: libvirt's lifecycle rules and events, disk chains, networks and scripted failures. */
class FakeHypervisorTest {
    private final FakeHypervisor fake = new FakeHypervisor();
    private final List<DomainLifecycleEvent> heard = new ArrayList<>();

    FakeHypervisorTest() {
        fake.addListener(new HypervisorListener() {
            @Override
            public void onDomainEvent(DomainLifecycleEvent event) {
                heard.add(event);
            }
        });
    }

    private static DomainSpec spec(String name, String network) {
        return new DomainSpec(
                name,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                256,
                Accelerator.TCG,
                null,
                List.of(FakeHypervisor.POOL.resolve(name + ".qcow2")),
                null,
                List.of(new DomainSpec.Nic(network, "52:54:00:00:00:02", "10.9.0.2")),
                null);
    }

    private String defineWithDisk(String name) {
        fake.createDisk(name + ".qcow2", null, null, 10);
        return fake.define(spec(name, "vireo-net"));
    }

    @Test
    void aDomainIsDefinedStartedDestroyedAndUndefinedWithLibvirtsEvents() {
        String name = defineWithDisk("vireo-a");
        assertThat(fake.state(name)).contains(DomainState.SHUT_OFF);
        assertThat(heard).as("defining is no state change").isEmpty();

        fake.start(name);
        assertThat(fake.state(name)).contains(DomainState.RUNNING);
        assertThatThrownBy(() -> fake.start(name)).isInstanceOf(HypervisorException.class);

        fake.destroy(name);
        fake.undefine(name);
        assertThat(fake.state(name)).isEmpty();
        assertThat(fake.listDomains()).isEmpty();
        assertThat(fake.volumeNames()).as("undefine leaves the disks").containsExactly("vireo-a.qcow2");
        assertThat(heard)
                .containsExactly(
                        new DomainLifecycleEvent(name, DomainState.RUNNING, "Started"),
                        new DomainLifecycleEvent(name, DomainState.SHUT_OFF, "Destroyed"),
                        new DomainLifecycleEvent(name, null, "Undefined"));
    }

    @Test
    void destroyOfAStoppedDomainAndUndefineOfAnUnknownOneChangeNothing() {
        String name = defineWithDisk("vireo-a");
        fake.destroy(name);
        fake.destroy("vireo-unknown");
        fake.undefine("vireo-unknown");
        assertThat(fake.state(name)).contains(DomainState.SHUT_OFF);
        assertThat(heard).isEmpty();
        assertThatThrownBy(() -> fake.start("vireo-unknown"))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("Domain not found");
    }

    @Test
    void aGracefulShutdownPassesThroughShuttingDownUnlessTheGuestIgnoresIt() {
        String name = defineWithDisk("vireo-a");
        fake.start(name);
        fake.guestsHonourShutdown(false);
        fake.shutdown(name);
        assertThat(fake.state(name)).contains(DomainState.RUNNING);

        fake.guestsHonourShutdown(true);
        fake.shutdown(name);
        assertThat(heard)
                .extracting(DomainLifecycleEvent::state)
                .containsExactly(DomainState.RUNNING, DomainState.SHUTTING_DOWN, DomainState.SHUT_OFF);
    }

    @Test
    void aRunningDomainUndefinedStaysUntilItStops() {
        String name = defineWithDisk("vireo-a");
        fake.start(name);
        fake.undefine(name);
        assertThat(fake.state(name)).contains(DomainState.RUNNING);
        fake.destroy(name);
        assertThat(fake.state(name)).isEmpty();
        assertThat(heard.get(heard.size() - 1)).isEqualTo(new DomainLifecycleEvent(name, null, "Undefined"));
    }

    @Test
    void definitionChangesThatNeedAStoppedDomainAreRefusedWhileItRuns() {
        String name = defineWithDisk("vireo-a");
        fake.start(name);
        assertThatThrownBy(() -> fake.resize(name, 2, 512)).isInstanceOf(HypervisorException.class);
        assertThatThrownBy(() -> fake.setIso(name, Path.of("/isos/x.iso"))).isInstanceOf(HypervisorException.class);
        fake.destroy(name);
        fake.resize(name, 2, 512);
        assertThat(fake.definition(name).orElseThrow().vcpus()).isEqualTo(2);
    }

    @Test
    void aScriptedFailureThrowsOnceAndChangesNothing() {
        fake.failNext("define", FakeHypervisor.failure("XML error"));
        fake.createDisk("vireo-a.qcow2", null, null, 10);
        var spec = spec("vireo-a", "vireo-net");
        assertThatThrownBy(() -> fake.define(spec)).hasMessage("XML error");
        assertThat(fake.domainNames()).isEmpty();
        assertThat(fake.define(spec)).isEqualTo("vireo-a");
        assertThat(fake.count("define")).isEqualTo(2);
    }

    @Test
    void theThirdCallOfAnOperationCanFail() {
        fake.failOnCall("createDisk", 3, FakeHypervisor.failure("No space left on device"));
        fake.createDisk("one", null, null, 1);
        fake.createDisk("two", null, null, 1);
        assertThatThrownBy(() -> fake.createDisk("three", null, null, 1)).hasMessageContaining("No space");
        fake.createDisk("four", null, null, 1);
        assertThat(fake.volumeNames()).containsExactly("one", "two", "four");
    }

    @Test
    void aFailureByPredicateLastsUntilHealed() {
        fake.failWhen(c -> "vireo-b".equals(c.target()), FakeHypervisor.failure("host gone"));
        defineWithDisk("vireo-a");
        fake.createDisk("vireo-b.qcow2", null, null, 1);
        assertThatThrownBy(() -> fake.define(spec("vireo-b", "vireo-net"))).hasMessage("host gone");
        assertThatThrownBy(() -> fake.state("vireo-b")).hasMessage("host gone");
        fake.heal();
        fake.define(spec("vireo-b", "vireo-net"));
        assertThat(fake.domainNames()).containsExactly("vireo-a", "vireo-b");
    }

    @Test
    void snapshotsFreezeTheDiskAndMergesAndResetsRewriteTheChain() {
        String name = defineWithDisk("vireo-a");
        assertThat(fake.snapshotDisk(name, "vireo-a.o1.qcow2")).isEqualTo("vireo-a.qcow2");
        assertThat(fake.snapshotDisk(name, "vireo-a.o2.qcow2")).isEqualTo("vireo-a.o1.qcow2");
        assertThat(fake.diskVolume(name)).isEqualTo("vireo-a.o2.qcow2");

        assertThatThrownBy(() -> fake.mergeDisk(name, "vireo-a.qcow2", "vireo-a.o2.qcow2"))
                .as("only the volume directly above")
                .isInstanceOf(HypervisorException.class);
        fake.mergeDisk(name, "vireo-a.o1.qcow2", "vireo-a.o2.qcow2");
        assertThat(fake.diskChain(name)).containsExactly("vireo-a.qcow2", "vireo-a.o1.qcow2");
        assertThat(fake.diskExists("vireo-a.o2.qcow2")).isFalse();

        fake.resetDisk(name, "vireo-a.qcow2", "vireo-a.o3.qcow2", 10);
        assertThat(fake.diskChain(name)).containsExactly("vireo-a.qcow2", "vireo-a.o3.qcow2");
        assertThat(fake.volume("vireo-a.o3.qcow2").orElseThrow().backing())
                .isEqualTo(FakeHypervisor.POOL.resolve("vireo-a.qcow2"));
    }

    @Test
    void aNetworkIsRemadeAsSpecifiedOnlyWhileNoRunningDomainUsesIt() {
        var spec = new NetworkSpec("vireo-net", "vbr1", NetworkMode.NAT, Cidr.parse("10.9.0.0/24"));
        var changed = new NetworkSpec("vireo-net", "vbr1", NetworkMode.NONE, Cidr.parse("10.9.0.0/24"));
        assertThat(fake.ensureNetwork(spec)).isTrue();
        assertThat(fake.ensureNetwork(spec)).isFalse();
        fake.stopNetwork("vireo-net");
        assertThat(fake.ensureNetwork(spec)).as("started again").isTrue();

        String name = defineWithDisk("vireo-a");
        fake.start(name);
        assertThat(fake.ensureNetwork(changed)).isFalse();
        assertThat(fake.network("vireo-net")).contains(spec);
        assertThat(fake.deleteNetworkIfUnused("vireo-net")).isFalse();

        fake.destroy(name);
        assertThat(fake.ensureNetwork(changed)).isTrue();
        fake.undefine(name);
        assertThat(fake.deleteNetworkIfUnused("vireo-net")).isTrue();
    }

    @Test
    void aLiveMigrationLeavesTheDomainRunningOnTheTargetOnly() {
        var target = new FakeHypervisor("b", 4, 8192);
        var arrived = new ArrayList<DomainLifecycleEvent>();
        target.addListener(arrived::add);
        String name = defineWithDisk("vireo-a");
        fake.start(name);
        fake.migrateLive(name, target, "198.19.0.2", List.of("vireo-a.qcow2"));
        assertThat(fake.state(name)).isEmpty();
        assertThat(fake.volumeNames())
                .as("the source's volumes are the caller's")
                .contains("vireo-a.qcow2");
        assertThat(target.state(name)).contains(DomainState.RUNNING);
        assertThat(target.volumeNames()).containsExactly("vireo-a.qcow2");
        assertThat(arrived).extracting(DomainLifecycleEvent::state).containsExactly(DomainState.RUNNING);
    }
}
