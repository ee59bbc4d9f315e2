import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian 12 template, create → {@code login:} on the serial port, against its floor: the same image with a
 * seed of the same shape (NoCloud, host name, meta-data) booted by a bare {@code qemu-system-x86_64} with the same
 * vCPUs, memory and accelerator, and a NIC on a hub with no DHCP (like a tenant network). Rounds alternate, so
 * machine noise hits both alike. Bare QEMU's traffic goes nowhere: its only NIC sits on an otherwise empty hub.
 */
public class GuestBootBench extends BenchSupport {
    static final long TIMEOUT = 300_000_000_000L;

    public static void main(String[] a) throws Exception {
        BenchSupport.base = a[0];
        String admin = token("admin", a[1]);
        String demo = token("demo", a[2]);
        Path image = Path.of(a[3]), logs = Path.of(a[4]), out = Path.of(a[5]);
        int rounds = Integer.parseInt(a[6]);
        String accel = Files.exists(Path.of("/var/lib/vireo/accelerator"))
                ? Files.readString(Path.of("/var/lib/vireo/accelerator")).strip()
                : "tcg";
        String template = field(
                call(
                        "POST",
                        "/api/v1/admin/templates",
                        admin,
                        "{\"name\":\"Bench Debian\"," + "\"imagePath\":\"" + image
                                + "\",\"cloudInit\":true,\"memoryMiB\":1024,\"defaultUser\":\"debian\"}",
                        201),
                "id");
        List<Long> portal = new ArrayList<>(), bare = new ArrayList<>();
        Path work = Files.createTempDirectory("vireo-bootbench");
        try {
            for (int i = 0; i < rounds; i++) {
                long p = viaPortal(demo, template, logs, "boot-" + i);
                long b = bareQemu(image, work, "boot-" + i, accel);
                System.out.printf("round %d: portal %.1f s, bare qemu %.1f s%n", i + 1, p / 1e9, b / 1e9);
                if (p > 0) {
                    portal.add(p);
                }
                if (b > 0) {
                    bare.add(b);
                }
            }
        } finally {
            call("DELETE", "/api/v1/admin/templates/" + template, admin, null, 204);
        }
        var results = new LinkedHashMap<String, Object>();
        results.put("accelerator", accel);
        results.put("create_to_login_portal", ProvisioningBench.stats(portal));
        results.put("boot_to_login_bare_qemu", ProvisioningBench.stats(bare));
        System.out.printf(
                "%-34s %s%n", "create->login: (portal)", ProvisioningBench.fmt(ProvisioningBench.stats(portal)));
        System.out.printf(
                "%-34s %s%n", "start->login: (bare qemu, floor)", ProvisioningBench.fmt(ProvisioningBench.stats(bare)));
        Files.writeString(out, ProvisioningBench.json(results));
    }

    /** REST create (1 vCPU, 1 GiB, 3 GiB disk) until the serial log shows the getty's prompt; then deleted. */
    static long viaPortal(String demo, String template, Path logs, String name) throws Exception {
        long t0 = System.nanoTime();
        String id = field(
                call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"" + name + "\",\"templateId\":\"" + template
                                + "\",\"vcpus\":1,\"memoryMiB\":1024,\"diskGiB\":3}",
                        201),
                "id");
        try {
            return waitForLogin(logs.resolve("vireo-" + id + ".serial.log"), t0);
        } finally {
            call("DELETE", "/api/v1/machines/" + id, demo, null, 202);
        }
    }

    static long bareQemu(Path image, Path work, String name, String accel) throws Exception {
        Path disk = work.resolve(name + ".qcow2"), log = work.resolve(name + ".log"), seed = work.resolve(name);
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("meta-data"), "instance-id: " + name + "\nlocal-hostname: " + name + "\n");
        Files.writeString(
                seed.resolve("user-data"), "#cloud-config\nhostname: " + name + "\nssh_authorized_keys: []\n");
        run(
                "genisoimage",
                "-quiet",
                "-output",
                work.resolve(name + ".iso").toString(),
                "-volid",
                "cidata",
                "-joliet",
                "-rock",
                seed.resolve("user-data").toString(),
                seed.resolve("meta-data").toString());
        long t0 = System.nanoTime();
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.toString(), disk.toString(), "3G");
        var qemu = new ProcessBuilder(
                        "qemu-system-x86_64",
                        "-accel",
                        accel,
                        "-m",
                        "1024",
                        "-smp",
                        "1",
                        "-display",
                        "none",
                        "-monitor",
                        "none",
                        "-serial",
                        "file:" + log,
                        "-drive",
                        "file=" + disk + ",if=virtio",
                        "-drive",
                        "file=" + work.resolve(name + ".iso") + ",media=cdrom,readonly=on",
                        "-netdev",
                        "hubport,id=n0,hubid=0",
                        "-device",
                        "virtio-net-pci,netdev=n0")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile())
                .start();
        try {
            return waitForLogin(log, t0);
        } finally {
            qemu.destroy();
            qemu.waitFor(10, TimeUnit.SECONDS);
            qemu.destroyForcibly();
        }
    }

    static long waitForLogin(Path serial, long t0) throws Exception {
        while (System.nanoTime() - t0 < TIMEOUT) {
            if (Files.exists(serial)
                    && Files.readString(serial, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(" login:")) {
                return System.nanoTime() - t0;
            }
            Thread.sleep(200);
        }
        return -1;
    }

    static void run(String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }
}
