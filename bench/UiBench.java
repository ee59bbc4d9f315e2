import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The portal at scale: seeds 1,000 tenants (REST) with 10 machines each (10,000 rows straight into the database:
 * listing needs no hypervisor), then drives Debian's Chromium through the real UI and measures the server time of
 * the admin machine list's first page, of a page filtered by tenant, of the tenants list, and of a tenant's
 * machines view with its quota bars (30 samples each), as the browser sees it (request start to first response
 * byte of Vaadin's UIDL requests, summed per action, on loopback); then the portal's heap per logged-in UI session
 * with 50 sessions open (jcmd GC.run + GC.heap_info before and after).
 * Usage (bench/run compiles bench/): java -cp target/bench:<playwright+h2> UiBench baseUrl adminPassword jdbcUrl
 * portalPid out.json
 */
public class UiBench extends BenchSupport {
    static final int TENANTS = 1000, MACHINES_PER_TENANT = 10, USERS = 25, SESSIONS = 50;
    /** Samples per action: enough that p95 is not the one slowest sample. */
    static final int REPEAT = 30;

    static final String USER_PASSWORD = "bench-user-password-1";
    static final String MACHINE_ROW = "#machines-grid vaadin-grid-cell-content >> text=/^m-\\d+$/";
    static final String TENANT_ROW = "#tenants-grid vaadin-grid-cell-content >> text=/^bench-\\d+$/";

    public static void main(String[] a) throws Exception {
        base = a[0];
        String adminPassword = a[1], jdbc = a[2];
        long portalPid = Long.parseLong(a[3]);
        Path out = Path.of(a[4]);
        var results = new LinkedHashMap<String, Object>();

        long t0 = System.nanoTime();
        String admin = token("admin", adminPassword);
        List<String> tenantIds = seedTenants(admin);
        String template = idOf(call("GET", "/api/v1/templates", admin, null, 200), "Vireo Demo (busybox)");
        seedMachines(jdbc, tenantIds, template);
        System.out.printf(
                "seeded %d tenants, %d machines, %d users in %.1f s%n",
                TENANTS, TENANTS * MACHINES_PER_TENANT, USERS, (System.nanoTime() - t0) / 1e9);
        results.put("tenants", TENANTS);
        results.put("machines", TENANTS * MACHINES_PER_TENANT);

        try (var pw = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            var browser = launch(pw);

            var adminUi = new Ui(browser, "admin", adminPassword);
            adminUi.go("/templates", "#templates-grid");
            List<Double> list = new ArrayList<>(), filtered = new ArrayList<>(), tenants = new ArrayList<>();
            for (int i = 0; i < REPEAT; i++) {
                list.add(adminUi.nav("/machines", MACHINE_ROW));
                tenants.add(adminUi.nav("/admin/tenants", TENANT_ROW));
            }
            adminUi.nav("/machines", MACHINE_ROW);
            for (int i = 0; i < REPEAT; i++) {
                filtered.add(adminUi.filterByTenant(String.format("bench-%04d", (100 + i * 37) % TENANTS)));
            }
            adminUi.context.close();

            var tenantUi = new Ui(browser, "bench-user-00", USER_PASSWORD);
            tenantUi.go("/tokens", "#tokens-view");
            List<Double> quota = new ArrayList<>();
            for (int i = 0; i < REPEAT; i++) {
                quota.add(tenantUi.nav("/machines", "#quota-machines"));
                tenantUi.nav("/tokens", "#tokens-view");
            }
            tenantUi.context.close();
            results.put("admin_machine_list_first_page", stats(list));
            results.put("admin_machine_list_filtered_by_tenant", stats(filtered));
            results.put("admin_tenants_list_first_page", stats(tenants));
            results.put("tenant_machines_with_quota", stats(quota));

            browser.close();
        }

        // Heap per logged-in session: half operators, half tenant members, each having opened its main views;
        // opened by 2 browsers in parallel (Playwright objects stay on the thread that made them), then kept open
        // while the portal's heap is measured.
        long heap0 = heapAfterGc(portalPid);
        long s0 = System.nanoTime();
        int workers = 2;
        var opened = new CountDownLatch(workers);
        var measured = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(workers);
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            done.add(pool.submit(() -> {
                try (var pw = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
                    var browser = launch(pw);
                    List<Ui> sessions = new ArrayList<>();
                    try {
                        for (int i = worker; i < SESSIONS; i += workers) {
                            sessions.add(
                                    i % 2 == 0
                                            ? adminSession(browser, adminPassword)
                                            : tenantSession(browser, String.format("bench-user-%02d", i / 2)));
                        }
                    } finally {
                        opened.countDown();
                    }
                    measured.await();
                    sessions.forEach(ui -> ui.context.close());
                    return sessions.size();
                }
            }));
        }
        opened.await();
        double openSeconds = (System.nanoTime() - s0) / 1e9;
        long heap1 = heapAfterGc(portalPid);
        measured.countDown();
        int open = 0;
        for (var f : done) {
            open += f.get();
        }
        pool.shutdown();
        var heap = new LinkedHashMap<String, Object>();
        heap.put("sessions", open);
        heap.put("heap_before_KiB", heap0);
        heap.put("heap_after_KiB", heap1);
        heap.put("KiB_per_session", Math.round((heap1 - heap0) / (double) open * 10) / 10.0);
        heap.put("open_s", Math.round(openSeconds * 10) / 10.0);
        results.put("heap_per_ui_session", heap);
        printTable(results);
        Files.writeString(out, toJson(results));
    }

    static Browser launch(Playwright pw) {
        return pw.chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
    }

    static Ui adminSession(Browser browser, String password) {
        var ui = new Ui(browser, "admin", password);
        ui.nav("/machines", MACHINE_ROW);
        ui.nav("/admin/tenants", TENANT_ROW);
        ui.nav("/audit", "#audit-view");
        ui.nav("/templates", "#templates-grid");
        return ui;
    }

    static Ui tenantSession(Browser browser, String user) {
        var ui = new Ui(browser, user, USER_PASSWORD);
        ui.nav("/machines", "#quota-machines");
        ui.nav("/tokens", "#tokens-view");
        ui.nav("/keys", "#keys-view");
        return ui;
    }

    /** One signed-in browser session. */
    static final class Ui {
        final BrowserContext context;
        final Page page;
        final List<double[]> uidl = Collections.synchronizedList(new ArrayList<>());

        Ui(Browser browser, String user, String password) {
            context = browser.newContext(
                    new Browser.NewContextOptions().setLocale("en-US").setViewportSize(1280, 800));
            context.setDefaultTimeout(30_000);
            page = context.newPage();
            page.onRequestFinished(r -> {
                if (r.url().contains("v-r=uidl")) {
                    var t = r.timing();
                    uidl.add(new double[] {t.responseStart - t.requestStart});
                }
            });
            page.navigate(base + "/login");
            page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true))
                    .fill(user);
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                    .fill(password);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            page.waitForURL(u -> !u.contains("/login"));
            idle();
        }

        void go(String path, String ready) {
            page.navigate(base + path);
            page.locator(ready).first().waitFor();
            idle();
        }

        /** Navigates inside the running UI (menu link) and returns the summed server time of its UIDL requests. */
        double nav(String path, String ready) {
            idle();
            uidl.clear();
            page.locator("vaadin-side-nav-item[path='" + path + "'], vaadin-side-nav-item[path='" + path.substring(1)
                            + "']")
                    .first()
                    .click();
            page.locator(ready).first().waitFor();
            idle();
            return serverMs();
        }

        double filterByTenant(String tenant) {
            var input = page.locator("#tenant-filter input");
            input.fill(tenant);
            var item = page.locator("vaadin-combo-box-item")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(tenant))
                    .first();
            item.waitFor();
            idle();
            uidl.clear();
            item.click();
            page.locator("#machines-grid vaadin-grid-cell-content")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(tenant))
                    .first()
                    .waitFor();
            idle();
            return serverMs();
        }

        private double serverMs() {
            page.waitForTimeout(30); // lets the finished-request events of this action arrive
            synchronized (uidl) {
                return uidl.stream().mapToDouble(d -> d[0]).sum();
            }
        }

        /**
         * Until Vaadin's client has no request in flight, twice with a pause (lazy grids ask for rows after render).
         */
        void idle() {
            for (int i = 0; i < 2; i++) {
                page.waitForFunction("() => window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients"
                        + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive())");
                page.waitForTimeout(60);
            }
        }
    }

    // --- seeding ----------------------------------------------------------------------------------------------

    static List<String> seedTenants(String admin) throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        List<Future<String>> fs = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            String name = String.format("bench-%04d", i);
            int n = i;
            fs.add(pool.submit(() -> {
                String id =
                        field(call("POST", "/api/v1/admin/tenants", admin, "{\"name\":\"" + name + "\"}", 201), "id");
                if (n < USERS) {
                    call(
                            "POST",
                            "/api/v1/admin/tenants/" + id + "/users",
                            admin,
                            String.format(
                                    "{\"username\":\"bench-user-%02d\",\"password\":\"%s\",\"role\":\"MEMBER\"}",
                                    n, USER_PASSWORD),
                            201);
                }
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (var f : fs) {
            ids.add(f.get());
        }
        pool.shutdown();
        return ids;
    }

    /** 10 machine rows per tenant, half running, half stopped, straight into the database (no hypervisor). */
    static void seedMachines(String jdbc, List<String> tenantIds, String template) throws Exception {
        try (var c = DriverManager.getConnection(jdbc, "vireo", "")) {
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("insert into machine (id, tenant_id, name, template_id, vcpus, memory_mib,"
                    + " disk_gib, state, domain_name, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)")) {
                var now = Instant.now();
                int n = 0;
                for (String tenant : tenantIds) {
                    for (int i = 0; i < MACHINES_PER_TENANT; i++) {
                        var id = UUID.randomUUID();
                        st.setObject(1, id);
                        st.setObject(2, UUID.fromString(tenant));
                        st.setString(3, "m-" + n);
                        st.setObject(4, UUID.fromString(template));
                        st.setInt(5, 1);
                        st.setInt(6, 256);
                        st.setInt(7, 1);
                        st.setString(8, i % 2 == 0 ? "RUNNING" : "STOPPED");
                        st.setString(9, "vireo-" + id);
                        var at = Timestamp.from(now.minusSeconds(n));
                        st.setTimestamp(10, at);
                        st.setTimestamp(11, at);
                        st.addBatch();
                        if (++n % 1000 == 0) {
                            st.executeBatch();
                        }
                    }
                }
                st.executeBatch();
            }
            c.commit();
        }
    }

    // --- measuring and output ---------------------------------------------------------------------------------

    static Map<String, Object> stats(List<Double> ms) {
        var sorted = ms.stream().sorted().toList();
        var m = new LinkedHashMap<String, Object>();
        m.put("n", sorted.size());
        m.put("p50_ms", pct(sorted, 50));
        m.put("p95_ms", pct(sorted, 95));
        m.put("max_ms", sorted.get(sorted.size() - 1));
        return m;
    }

    static double pct(List<Double> sorted, int p) {
        return Math.round(sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) * 10) / 10.0;
    }

    static void printTable(Map<String, Object> results) {
        System.out.println();
        System.out.println("UI at scale (server time per action, UIDL request start to first byte, summed)");
        results.forEach((k, v) -> System.out.printf("%-40s %s%n", k, v));
    }

    static String toJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            var parts = new ArrayList<String>();
            m.forEach((k, x) -> parts.add("\"" + k + "\":" + toJson(x)));
            return "{" + String.join(",", parts) + "}";
        }
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
