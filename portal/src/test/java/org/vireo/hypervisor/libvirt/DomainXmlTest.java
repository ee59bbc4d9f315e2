package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.w3c.dom.Document;

class DomainXmlTest {
    private static final UUID MACHINE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID TENANT = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

    private static DomainSpec spec(String name, Accelerator accelerator) {
        return new DomainSpec(
                name,
                MACHINE,
                TENANT,
                2,
                512,
                accelerator,
                new DomainSpec.KernelBoot(
                        Path.of("/var/lib/vireo/k/vmlinuz"),
                        Path.of("/var/lib/vireo/k/initrd.img"),
                        "console=tty1 console=ttyS0"),
                List.of(Path.of("/var/lib/vireo/disks/m1.qcow2")),
                Path.of("/var/lib/vireo/logs/m1.log"),
                List.of(
                        new DomainSpec.Nic("vireo-t1", "52:54:00:0a:1b:2c", "10.96.0.5"),
                        new DomainSpec.Nic(null, "br-pub0", "52:54:00:0a:1b:2d", "192.0.2.10", "vireo-fw-m1")),
                null);
    }

    private static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xpath(Document doc, String expr) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expr, doc);
    }

    @Test
    void anInterfaceGetsALimitInPlaceOfItsOldOneAndLosesIt() {
        String live = "<domain><devices><interface type='bridge'><mac address='52:54:00:AA:00:01'/>"
                + "<source bridge='br0'/><target dev='vnet3'/><bandwidth><inbound average='9'/></bandwidth>"
                + "</interface><interface type='network'><mac address='52:54:00:aa:00:02'/><target dev='vnet4'/>"
                + "</interface></devices></domain>";
        var doc = DomainDocument.parse(live);
        assertThat(doc.nics())
                .containsExactly(
                        new DomainDocument.Nic("vnet3", "52:54:00:aa:00:01", true, false),
                        new DomainDocument.Nic("vnet4", "52:54:00:aa:00:02", false, false));
        String limited = doc.interfaceWithLimit("52:54:00:aa:00:02", 1250).replaceAll(">\\s+<", "><");
        assertThat(limited)
                .contains("<target dev=\"vnet4\"/>")
                .contains("<bandwidth><inbound average=\"1250\"/><outbound average=\"1250\"/></bandwidth>")
                .doesNotContain("vnet3");
        String replaced = doc.interfaceWithLimit("52:54:00:AA:00:01", 100);
        assertThat(replaced).contains("average=\"100\"").doesNotContain("average=\"9\"");
        assertThat(doc.interfaceWithLimit("52:54:00:aa:00:01", null))
                .doesNotContain("bandwidth")
                .contains("<source bridge=\"br0\"/>");
        assertThat(doc.interfaceWithLimit("52:54:00:aa:00:99", 1)).isNull();
    }

    @Test
    void theThrottleAgentCountsOnlyWithAFreshHeartbeat() {
        var now = Instant.ofEpochSecond(1_800_000_000L);
        String marker = "<filter name='vireo-host-throttle' chain='root'>"
                + "<uuid>0c3c9fb4-35f4-4c55-9a3a-3a2d1f0e9d6b</uuid><rule action='return' direction='inout'"
                + " priority='500'><all comment='vireo-host-throttle alive %d'/></rule></filter>";
        assertThat(LibvirtBandwidth.heartbeatFresh(marker.formatted(1_800_000_000L - 20), now))
                .isTrue();
        assertThat(LibvirtBandwidth.heartbeatFresh(marker.formatted(1_800_000_000L - 600), now))
                .as("an agent killed without its clean-up")
                .isFalse();
        assertThat(LibvirtBandwidth.heartbeatFresh("<filter name='vireo-host-throttle' chain='root'/>", now))
                .as("an agent before heartbeats")
                .isFalse();
    }

    @Test
    void marksForTheThrottleAgentAreKeptPerMacAndGoWithTheLast() {
        String first = LibvirtBandwidth.marked(null, "52:54:00:AA:00:01", 1250);
        String two = LibvirtBandwidth.marked(first, "52:54:00:aa:00:02", 500);
        String changed = LibvirtBandwidth.marked(two, "52:54:00:aa:00:01", 100).replaceAll(">\\s+<", "><");
        assertThat(changed)
                .contains("mac=\"52:54:00:aa:00:02\"")
                .contains("kilobytesPerSecond=\"500\"")
                .contains("kilobytesPerSecond=\"100\"")
                .doesNotContain("1250")
                .contains(DomainDocument.LIMITS_NS);
        assertThat(LibvirtBandwidth.marked(
                        LibvirtBandwidth.marked(two, "52:54:00:aa:00:01", null), "52:54:00:aa:00:02", null))
                .isNull();
        // a running domain with the marks in its metadata (as libvirt gives it back): that interface is marked
        String live = "<domain><metadata>"
                + changed.replace("<limits ", "<vl:limits ")
                        .replace("</limits>", "</vl:limits>")
                        .replace("<interface ", "<vl:interface ")
                        .replace("xmlns=", "xmlns:vl=")
                + "</metadata><devices><interface type='bridge'><mac address='52:54:00:aa:00:02'/>"
                + "<target dev='vnet5'/></interface><interface type='network'><mac address='52:54:00:aa:00:03'/>"
                + "<target dev='vnet6'/></interface></devices></domain>";
        assertThat(DomainDocument.parse(live).nics())
                .containsExactly(
                        new DomainDocument.Nic("vnet5", "52:54:00:aa:00:02", false, true),
                        new DomainDocument.Nic("vnet6", "52:54:00:aa:00:03", false, false));
    }

    @Test
    void aDomainOfAnOlderVireoMovesFromATcpPortToASocketAndTheLiveSocketIsRead() {
        String old = "<domain><name>vireo-m3</name><devices><disk/><graphics type='vnc' port='-1' autoport='yes' "
                + "listen='127.0.0.1'><listen type='address' "
                + "address='127.0.0.1'/></graphics><video/></devices></domain>";
        assertThat(LegacyDomains.hasSocketVnc(LegacyDomains.devices(old))).isFalse();
        String moved = LegacyDomains.upgraded(old);
        assertThat(LegacyDomains.hasSocketVnc(LegacyDomains.devices(moved))).isTrue();
        assertThat(LegacyDomains.upgraded(moved)).as("nothing old left").isNull();
        assertThat(moved)
                .doesNotContain("127.0.0.1")
                .doesNotContain("autoport")
                .doesNotContain("port=\"-1\"")
                .contains("<disk/>", "<video/>");
        String live = "<domain><devices><graphics type='vnc' socket='/var/lib/libvirt/qemu/domain-7-vireo-x/vnc.sock'>"
                + "<listen type='socket' socket='/var/lib/libvirt/qemu/domain-7-vireo-x/vnc.sock'/></graphics>"
                + "</devices></domain>";
        assertThat(DomainDocument.parse(live).vncSocket()).isEqualTo("/var/lib/libvirt/qemu/domain-7-vireo-x/vnc.sock");
        assertThat(DomainDocument.parse(moved).vncSocket()).isNull();
    }

    @Test
    void anInsertedIsoIsBootedFirstAndEjectingBootsTheDiskAgain() throws Exception {
        var spec = new DomainSpec(
                "vireo-m4",
                MACHINE,
                TENANT,
                1,
                512,
                Accelerator.TCG,
                null,
                List.of(Path.of("/var/lib/vireo/disks/m4.qcow2")),
                null,
                null,
                Path.of("/var/lib/vireo/disks/s.iso"));
        String normal = DomainXml.of(spec);
        var inserted = parse(DomainDocument.parse(normal)
                .withIso(Path.of("/var/lib/vireo/templates/imports/x.iso"))
                .xml());
        assertThat(xpath(inserted, "/domain/devices/disk[target/@dev='hdd']/source/@file"))
                .isEqualTo("/var/lib/vireo/templates/imports/x.iso");
        assertThat(xpath(inserted, "/domain/devices/disk[target/@dev='hdd']/boot/@order"))
                .isEqualTo("1");
        assertThat(xpath(inserted, "/domain/devices/disk[target/@dev='vda']/boot/@order"))
                .isEqualTo("2");
        assertThat(xpath(inserted, "count(/domain/os/boot)")).isEqualTo("0");
        assertThat(xpath(inserted, "/domain/devices/disk[target/@dev='hdc']/source/@file"))
                .isEqualTo("/var/lib/vireo/disks/s.iso");
        var ejected = parse(DomainDocument.parse(DomainDocument.parse(normal)
                        .withIso(Path.of("/var/lib/vireo/x.iso"))
                        .xml())
                .withIso(null)
                .xml());
        assertThat(xpath(ejected, "count(/domain/devices/disk[target/@dev='hdd'])"))
                .isEqualTo("0");
        assertThat(xpath(ejected, "count(//boot[@order])")).isEqualTo("0");
        assertThat(xpath(ejected, "/domain/os/boot/@dev")).isEqualTo("hd");
    }

    @Test
    void aRescueBootsItsKernelWithTheDisksAsTheyAreAndGivesTheMachinesOwnBootBack() throws Exception {
        var diskBoot = new DomainSpec(
                "vireo-m3",
                MACHINE,
                TENANT,
                1,
                512,
                Accelerator.TCG,
                null,
                List.of(Path.of("/var/lib/vireo/disks/m3.qcow2")),
                null,
                null,
                Path.of("/var/lib/vireo/disks/s.iso"));
        var rescue = new DomainSpec.KernelBoot(
                Path.of("/var/lib/vireo/r/vmlinuz"), Path.of("/var/lib/vireo/r/initrd"), "console=ttyS0 vireo.rescue");
        for (var spec : List.of(diskBoot, spec("vireo-m1", Accelerator.TCG))) {
            String normal = DomainXml.of(spec);
            assertThat(DomainDocument.parse(normal).isRescued()).isFalse();
            String rescued = DomainDocument.parse(normal).rescue(rescue).xml();
            var doc = parse(rescued);
            assertThat(DomainDocument.parse(rescued).isRescued()).isTrue();
            assertThat(xpath(doc, "/domain/os/kernel")).isEqualTo("/var/lib/vireo/r/vmlinuz");
            assertThat(xpath(doc, "/domain/os/cmdline")).isEqualTo("console=ttyS0 vireo.rescue");
            assertThat(xpath(doc, "count(/domain/os/boot)")).isEqualTo("0");
            assertThat(xpath(doc, "/domain/devices/disk[1]/source/@file"))
                    .isEqualTo(spec.disks().get(0).toString());
            // rescuing again keeps the saved boot, not the rescue's
            String twice = DomainDocument.parse(rescued).rescue(rescue).xml();
            var back = parse(DomainDocument.parse(twice).unrescue().xml());
            var original = parse(normal);
            for (String e : List.of("kernel", "initrd", "cmdline", "boot/@dev")) {
                assertThat(xpath(back, "/domain/os/" + e)).as(e).isEqualTo(xpath(original, "/domain/os/" + e));
            }
            assertThat(DomainDocument.parse(
                                    DomainDocument.parse(twice).unrescue().xml())
                            .isRescued())
                    .isFalse();
        }
    }

    @Test
    void everyDomainHasTheGuestAgentsChannelAndOlderOnesGetIt() throws Exception {
        String xml = DomainXml.of(spec("vireo-m1", Accelerator.TCG));
        var doc = parse(xml);
        assertThat(xpath(doc, "/domain/devices/channel/@type")).isEqualTo("unix");
        assertThat(xpath(doc, "/domain/devices/channel/target/@type")).isEqualTo("virtio");
        assertThat(xpath(doc, "/domain/devices/channel/target/@name")).isEqualTo("org.qemu.guest_agent.0");
        assertThat(LegacyDomains.hasAgentChannel(LegacyDomains.devices(xml))).isTrue();
        assertThat(LegacyDomains.upgraded(xml))
                .as("this release's domain needs nothing")
                .isNull();
        String old = "<domain><name>vireo-m2</name><devices><disk/></devices></domain>";
        assertThat(LegacyDomains.hasAgentChannel(LegacyDomains.devices(old))).isFalse();
        String added = LegacyDomains.upgraded(old);
        assertThat(LegacyDomains.hasAgentChannel(LegacyDomains.devices(added))).isTrue();
        assertThat(xpath(parse(added), "count(/domain/devices/disk)")).isEqualTo("1");
    }

    @Test
    void theSerialPortIsASocketNamedByTheDomainWithItsOutputLogged() throws Exception {
        var doc = parse(DomainXml.of(spec("vireo-m1", Accelerator.TCG)));
        for (String kind : List.of("serial", "console")) {
            assertThat(xpath(doc, "/domain/devices/" + kind + "/@type")).isEqualTo("unix");
            assertThat(xpath(doc, "/domain/devices/" + kind + "/source/@mode")).isEqualTo("bind");
            assertThat(xpath(doc, "/domain/devices/" + kind + "/source/@path"))
                    .isEqualTo("/var/lib/libvirt/qemu/vireo-m1.serial.sock");
            assertThat(xpath(doc, "/domain/devices/" + kind + "/log/@file")).isEqualTo("/var/lib/vireo/logs/m1.log");
        }
        assertThat(xpath(doc, "/domain/devices/console/target/@type")).isEqualTo("serial");
        assertThat(DomainDocument.parse(DomainXml.of(spec("vireo-m1", Accelerator.TCG)))
                        .serialSocket())
                .isEqualTo("/var/lib/libvirt/qemu/vireo-m1.serial.sock");

        // An older Vireo's domain wrote the port to a file: moved to the socket, the file kept as its log.
        String old = "<domain><name>vireo-m2</name><devices><disk/><serial type='file'><source path='/l/m2.log'/>"
                + "<target port='0'/></serial><console type='file'><source path='/l/m2.log'/><target type='serial'"
                + " port='0'/></console></devices></domain>";
        assertThat(LegacyDomains.hasSocketSerial(LegacyDomains.devices(old))).isFalse();
        var moved = parse(LegacyDomains.upgraded(old));
        assertThat(xpath(moved, "count(/domain/devices/serial)")).isEqualTo("1");
        assertThat(xpath(moved, "count(/domain/devices/console)")).isEqualTo("1");
        assertThat(xpath(moved, "/domain/devices/serial/source/@path"))
                .isEqualTo("/var/lib/libvirt/qemu/vireo-m2.serial.sock");
        assertThat(xpath(moved, "/domain/devices/serial/log/@file")).isEqualTo("/l/m2.log");
        assertThat(xpath(moved, "count(/domain/devices/disk)")).isEqualTo("1");

        // each run its own socket (a ticket of the last run reaches nothing), serial and console alike
        var run = parse(DomainDocument.parse(DomainXml.of(spec("vireo-m1", Accelerator.TCG)))
                .withSerialRun("0123abcd0123abcd")
                .xml());
        for (String kind : List.of("serial", "console")) {
            assertThat(xpath(run, "/domain/devices/" + kind + "/source/@path"))
                    .isEqualTo("/var/lib/libvirt/qemu/vireo-m1.0123abcd0123abcd.serial.sock");
        }
        assertThatThrownBy(() -> DomainXml.serialSocketPath("vireo-m1", "../../etc"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tcgDomainCarriesMetadataAndSocketOnlyVnc() throws Exception {
        var doc = parse(DomainXml.of(spec("vireo-m1", Accelerator.TCG)));
        assertThat(xpath(doc, "/domain/@type")).isEqualTo("qemu");
        assertThat(xpath(doc, "/domain/name")).isEqualTo("vireo-m1");
        assertThat(xpath(doc, "/domain/uuid")).isEqualTo(MACHINE.toString());
        assertThat(xpath(doc, "/domain/memory")).isEqualTo("512");
        assertThat(xpath(doc, "/domain/memory/@unit")).isEqualTo("MiB");
        var machine =
                doc.getElementsByTagNameNS(DomainXml.METADATA_NS, "machine").item(0);
        assertThat(machine.getAttributes().getNamedItem("id").getNodeValue()).isEqualTo(MACHINE.toString());
        assertThat(machine.getAttributes().getNamedItem("tenant").getNodeValue())
                .isEqualTo(TENANT.toString());
        // VNC on a per-run unix socket libvirt makes; no TCP port at all
        assertThat(xpath(doc, "/domain/devices/graphics/@type")).isEqualTo("vnc");
        assertThat(xpath(doc, "/domain/devices/graphics/listen/@type")).isEqualTo("socket");
        assertThat(xpath(doc, "/domain/devices/graphics/listen/@socket")).isEmpty();
        assertThat(xpath(doc, "/domain/devices/graphics/@port")).isEmpty();
        assertThat(xpath(doc, "/domain/devices/graphics/@listen")).isEmpty();
        assertThat(xpath(doc, "/domain/devices/disk/driver/@type")).isEqualTo("qcow2");
        // trims reach the overlay, and a storage migration's copy stays sparse
        assertThat(xpath(doc, "/domain/devices/disk[@device='disk']/driver/@discard"))
                .isEqualTo("unmap");
        assertThat(xpath(doc, "/domain/devices/interface[1]/source/@network")).isEqualTo("vireo-t1");
        // a public address's interface on the host's bridge, held to its own address
        assertThat(xpath(doc, "/domain/devices/interface[2]/@type")).isEqualTo("bridge");
        assertThat(xpath(doc, "/domain/devices/interface[2]/source/@bridge")).isEqualTo("br-pub0");
        assertThat(xpath(doc, "/domain/devices/interface[2]/filterref/parameter[@name='IP']/@value"))
                .isEqualTo("192.0.2.10");
        assertThat(xpath(doc, "/domain/devices/interface[2]/filterref/@filter")).isEqualTo("vireo-fw-m1");
        // its MAC and address, held to both by libvirt's anti-spoofing filter
        assertThat(xpath(doc, "/domain/devices/interface/mac/@address")).isEqualTo("52:54:00:0a:1b:2c");
        assertThat(xpath(doc, "/domain/devices/interface/filterref/@filter")).isEqualTo("clean-traffic");
        assertThat(xpath(doc, "/domain/devices/interface/filterref/parameter[@name='IP']/@value"))
                .isEqualTo("10.96.0.5");
        assertThat(xpath(doc, "/domain/os/cmdline")).isEqualTo("console=tty1 console=ttyS0");
        assertThat(xpath(doc, "count(/domain/cpu)")).isEqualTo("0");
    }

    @Test
    void nicsTakeOnlyValidMacsAndAddresses() {
        assertThatThrownBy(() -> new DomainSpec.Nic("vireo-t1", "52:54:00:0a:1b:2c'/><x a='", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DomainSpec.Nic("vireo-t1", "02:00:00:00:00:01", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DomainSpec.Nic("vireo-t1", null, "10.96.0.256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DomainSpec.Nic(null, "br0'/><x", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DomainSpec.Nic("vireo-t1", "br0", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resizedChangesOnlyVcpusAndMemory() {
        String xml = "<domain type='qemu'><name>vireo-x</name><memory unit='KiB'>131072</memory>"
                + "<currentMemory unit='KiB'>131072</currentMemory><vcpu placement='static'>1</vcpu>"
                + "<devices><memory model='dimm'>1</memory></devices></domain>";
        String out = DomainDocument.parse(xml).resize(3, 512).xml();
        assertThat(out)
                .contains(
                        "<vcpu placement=\"static\">3</vcpu>",
                        "<memory unit=\"MiB\">512</memory>",
                        "<currentMemory unit=\"MiB\">512</currentMemory>",
                        "<name>vireo-x</name>")
                .contains("<memory model=\"dimm\">1</memory>"); // nested elements of the same name are left alone
        assertThatThrownBy(() -> DomainDocument.parse(xml).resize(0, 512)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kvmDomainUsesHostCpu() throws Exception {
        var doc = parse(DomainXml.of(spec("vireo-m1", Accelerator.KVM)));
        assertThat(xpath(doc, "/domain/@type")).isEqualTo("kvm");
        assertThat(xpath(doc, "/domain/cpu/@mode")).isEqualTo("host-passthrough");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "vireo-a'b",
                "vireo-<x>",
                "vireo-a&b",
                "vireo-]]>",
                "vireo-../etc",
                "Vireo-A",
                "vireo-\u202eevil",
                "vireo-a\u200bb",
                "machine",
                "vireo-",
                ""
            })
    void hostileDomainNamesAreRefused(String name) {
        assertThatThrownBy(() -> spec(name, Accelerator.TCG)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/var/lib/vireo/../../etc/shadow",
                "relative/disk.qcow2",
                "/tmp/a'b.qcow2",
                "/tmp/a<b>.qcow2",
                "/tmp/a b.qcow2",
                "/tmp/a\u0000b"
            })
    void hostilePathsAreRefused(String path) {
        assertThatThrownBy(() -> new DomainSpec(
                        "vireo-m1",
                        MACHINE,
                        TENANT,
                        1,
                        256,
                        Accelerator.TCG,
                        null,
                        List.of(Path.of(path)),
                        null,
                        null,
                        null))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void anInterfaceToAttachIsTheInterfaceElementAlone() throws Exception {
        var doc = parse(DomainXml.interfaceDevice(
                new DomainSpec.Nic(null, "vpub0", "52:54:00:0a:1b:2d", "192.0.2.3", "vireo-fw-m1")));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("interface");
        assertThat(xpath(doc, "/interface/mac/@address")).isEqualTo("52:54:00:0a:1b:2d");
        assertThat(xpath(doc, "/interface/source/@bridge")).isEqualTo("vpub0");
        assertThat(xpath(doc, "/interface/filterref/@filter")).isEqualTo("vireo-fw-m1");
        assertThat(xpath(doc, "count(/interface/filterref/parameter)")).isEqualTo("1");
        // one of several public addresses: it may send from the others too
        var several = parse(DomainXml.interfaceDevice(new DomainSpec.Nic(
                null, "vpub0", "52:54:00:0a:1b:2d", "192.0.2.3", "vireo-fw-m1", List.of("192.0.2.4", "192.0.2.3"))));
        assertThat(xpath(several, "count(/interface/filterref/parameter[@name='IP'])"))
                .isEqualTo("2");
        assertThat(xpath(several, "/interface/filterref/parameter[2]/@value")).isEqualTo("192.0.2.4");
        assertThatThrownBy(() -> new DomainSpec.Nic(
                        null, "vpub0", "52:54:00:0a:1b:2d", "192.0.2.3", null, List.of("192.0.2.4'/>")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlCharactersInCmdlineAreRefused() {
        assertThatThrownBy(() -> new DomainSpec.KernelBoot(Path.of("/k"), null, "console=ttyS0\ninit=/bin/sh"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInterfaceOnANetworkIsFoundWithItsMac() {
        // a domain of a Vireo before private addresses: no MAC in its definition until libvirt gave it one
        String xml = """
                <domain type='qemu'><name>vm</name><devices>
                  <interface type='bridge'><mac address='52:54:00:00:00:09'/><source bridge='pub0'/></interface>
                  <interface type='network'><mac address='52:54:00:AB:CD:EF'/><source network='vireo-net-t'/>
                    <model type='virtio'/></interface>
                </devices></domain>""";
        assertThat(DomainDocument.parse(xml).usesNetwork("vireo-net-t")).isTrue();
        assertThat(DomainDocument.parse(xml).usesNetwork("vireo-net-u")).isFalse();
        assertThat(DomainDocument.parse(xml).networkInterfaceMac("vireo-net-t")).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(DomainDocument.parse(xml).networkInterfaceMac("pub0")).isNull();
    }
}
