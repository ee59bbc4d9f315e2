package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;
import org.vireo.traffic.Bytes;
import org.vireo.traffic.TrafficService;

/**
 * Traffic from the real libvirt's interface counters (issue 35): what a machine sent and received in its run is
 * booked exactly once, a restart's new run adds to it, a deleted machine's month stays. The demo guest sends DHCP
 * discovers on its private interface (nobody answers), which is the traffic here.
 */
@IntegrationTest
@TestPropertySource(properties = "vireo.usage.interval=PT1H") // the test drives the sampling rounds itself
class TrafficIT {
    @Autowired
    DemoTenant demo;

    @Autowired
    UsageHistory usage;

    @Autowired
    TrafficService traffic;

    @Autowired
    MachineService machines;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void countersAreBookedOnceAndANewRunAddsToThem() throws Exception {
        var m = demo.create("traffic-it", true);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        try {
            Bytes first = sentSomethingThenPause(m);
            SystemActor.run(() -> usage.sample());
            var booked = Actors.as(demo.user(), () -> traffic.ofMachine(m.id(), month));
            assertSame("libvirt's counters of the private interface", booked.privateBytes(), first);
            assertThat(booked.publicBytes()).isEqualTo(Bytes.NONE);
            assertThat(booked.days())
                    .singleElement()
                    .satisfies(d -> assertThat(d.privateBytes()).isEqualTo(booked.privateBytes()));

            SystemActor.run(() -> usage.sample()); // nothing new: nothing booked twice
            var again = Actors.as(demo.user(), () -> traffic.ofMachine(m.id(), month))
                    .privateBytes();
            assertSame("a round with nothing new", again, first);

            // A new run of the domain starts its counters at zero: its bytes add to the month's.
            Virsh.run("resume", m.domainName());
            Actors.as(demo.user(), () -> machines.powerOff(m.id(), AuditSource.API));
            Actors.as(demo.user(), () -> machines.start(m.id(), AuditSource.API));
            Bytes second = sentSomethingThenPause(m);
            SystemActor.run(() -> usage.sample());
            assertSame(
                    "both runs",
                    Actors.as(demo.user(), () -> traffic.ofMachine(m.id(), month))
                            .privateBytes(),
                    first.plus(second));

            assertThat(Actors.as(demo.user(), () -> traffic.ofMachine(m.id(), month.minusMonths(1)))
                            .days())
                    .isEmpty();
            assertThatThrownBy(() -> traffic.month("2026-13")).isInstanceOf(InvalidInputException.class);
            var tenants = SystemActor.call(() -> traffic.ofTenants(month));
            assertThat(tenants).anySatisfy(t -> {
                assertThat(t.tenantId()).isEqualTo(m.tenantId());
                assertThat(t.privateBytes().total())
                        .isGreaterThanOrEqualTo(first.plus(second).total());
                assertThat(t.hosts()).isNotEmpty();
            });
        } finally {
            Virsh.run("resume", m.domainName());
            demo.delete(m.id());
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from traffic_counter where machine_id = ?", Integer.class, m.id()))
                .as("its last readings go with the machine")
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from traffic_day where machine_id = ?", Integer.class, m.id()))
                .as("its month stays with its tenant")
                .isPositive();
    }

    /**
     * What a paused guest sent is fixed: booked exactly. What it receives still grows by a frame now and then (the
     * tap takes frames while the guest is paused), so received may be a little above the counters read before.
     */
    private static void assertSame(String what, Bytes booked, Bytes counters) {
        assertThat(booked.tx()).as(what + ": sent").isEqualTo(counters.tx());
        assertThat(booked.rx()).as(what + ": received").isBetween(counters.rx(), counters.rx() + 4096);
    }

    /** Waits until the guest has sent something on its private interface, pauses it, and returns its counters. */
    private Bytes sentSomethingThenPause(Machine m) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        Bytes now = counters(m);
        while (now.tx() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            now = counters(m);
        }
        assertThat(now.tx()).as("the guest's DHCP discovers").isPositive();
        Virsh.run("suspend", m.domainName());
        return counters(m);
    }

    /** What {@code virsh domifstat} says of the machine's private interface (found by its MAC). */
    private static Bytes counters(Machine m) throws Exception {
        String dev = null;
        for (String line : Virsh.run("domiflist", m.domainName()).split("\n")) {
            if (line.toLowerCase().contains(m.mac().toLowerCase())) {
                dev = line.strip().split("\\s+")[0];
            }
        }
        assertThat(dev).as("the private interface of " + m.domainName()).isNotNull();
        long rx = 0;
        long tx = 0;
        for (String line : Virsh.run("domifstat", m.domainName(), dev).split("\n")) {
            var f = line.strip().split("\\s+");
            if (f.length == 3 && f[1].equals("rx_bytes")) {
                rx = Long.parseLong(f[2]);
            } else if (f.length == 3 && f[1].equals("tx_bytes")) {
                tx = Long.parseLong(f[2]);
            }
        }
        return new Bytes(rx, tx);
    }
}
