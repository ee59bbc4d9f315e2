package org.vireo.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.vireo.cluster.ClusterSettings;
import org.vireo.console.ConsoleSettings;
import org.vireo.hosts.HostSettings;
import org.vireo.hosts.LocalHostNetwork;
import org.vireo.hypervisor.LocalHypervisorSettings;
import org.vireo.machines.MachineSettings;
import org.vireo.mail.MailSettings;
import org.vireo.networks.NetworkSettings;
import org.vireo.quotas.QuotaDefaults;
import org.vireo.security.ApiTokenSettings;
import org.vireo.security.LoginSettings;
import org.vireo.security.OidcSettings;
import org.vireo.templates.TemplateSettings;
import org.vireo.webhooks.WebhookSettings;

/**
 * The typed configuration records bind what application.properties and the environment give them, and a bad value
 * fails the binding (and so the start) with a reason that names the variable to fix.
 */
class SettingsTest {
    private static final Map<String, String> GOOD = Map.ofEntries(
            Map.entry("vireo.mail.host", ""),
            Map.entry("vireo.mail.port", "587"),
            Map.entry("vireo.mail.security", "starttls"),
            Map.entry("vireo.mail.public-url", "http://localhost:8080"),
            Map.entry("vireo.quotas.default.vcpus", "8"),
            Map.entry("vireo.quotas.default.memory-mib", "16384"),
            Map.entry("vireo.quotas.default.disk-gib", "200"),
            Map.entry("vireo.quotas.default.machines", "10"),
            Map.entry("vireo.quotas.default.snapshots", "10"),
            Map.entry("vireo.quotas.default.ipv4", "2"),
            Map.entry("vireo.quotas.default.backup-gib", "100"),
            Map.entry("vireo.hosts.cpu-overcommit", "4.0"),
            Map.entry("vireo.hosts.memory-overcommit", "1.0"),
            Map.entry("vireo.hosts.allow-insecure", "false"),
            Map.entry("vireo.network.local-outbound", "nat"),
            Map.entry("vireo.network.local-dns", "host"),
            Map.entry("vireo.cluster.node-id", ""),
            Map.entry("vireo.cluster.lease-ttl", "PT5S"),
            Map.entry("vireo.cluster.lease-renew", "PT1S"),
            Map.entry("vireo.security.login.max-failures-per-user", "5"),
            Map.entry("vireo.security.login.max-failures-per-ip", "20"),
            Map.entry("vireo.security.login.window", "PT5M"),
            Map.entry("vireo.api.token-lifetime", "P30D"),
            Map.entry("vireo.api.token-max-lifetime", "P365D"),
            Map.entry("vireo.machines.shutdown-timeout", "PT60S"),
            Map.entry("vireo.machines.stale-operation", "PT10M"),
            Map.entry("vireo.machines.reconcile-interval", "PT60S"),
            Map.entry("vireo.machines.log-dir", "/var/lib/vireo/logs"),
            Map.entry("vireo.console.embedded", "true"),
            Map.entry("vireo.console.bind", "0.0.0.0"),
            Map.entry("vireo.console.port", "6080"),
            Map.entry("vireo.console.public-url", ""),
            Map.entry("vireo.console.allowed-origins", "http://localhost:8080, http://127.0.0.1:8080"),
            Map.entry("vireo.console.secret", ""),
            Map.entry("vireo.console.proxies", ""),
            Map.entry("vireo.console.max-per-user", "10"),
            Map.entry("vireo.console.max-per-machine", "4"),
            Map.entry("vireo.network.private-cidr", "10.128.0.0/12"),
            Map.entry("vireo.network.tenant-prefix", "24"),
            Map.entry("vireo.networks.ip-cooldown", "PT1H"),
            Map.entry("vireo.bootstrap.admin-password", ""),
            Map.entry("vireo.bootstrap.demo-tenant", "true"),
            Map.entry("vireo.bootstrap.demo-password", ""),
            Map.entry("vireo.bootstrap.demo-machine", "true"),
            Map.entry("vireo.bootstrap.debian-template", "true"),
            Map.entry("vireo.home", "/var/lib/vireo"),
            Map.entry("vireo.storage.pool", "vireo"),
            Map.entry("vireo.storage.pool-dir", "/var/lib/vireo/disks"),
            Map.entry("vireo.libvirt.uri", "qemu:///system"),
            Map.entry("vireo.hypervisor.accelerator", ""),
            Map.entry("vireo.templates.max-image-gib", "100"),
            Map.entry("vireo.templates.import.allow", ""),
            Map.entry("vireo.oidc.issuer", ""),
            Map.entry("vireo.oidc.client-id", ""),
            Map.entry("vireo.oidc.client-secret", ""),
            Map.entry("vireo.oidc.name", "Single sign-on"),
            Map.entry("vireo.oidc.username-claim", "preferred_username"),
            Map.entry("vireo.oidc.tenant-claim", "vireo_tenant"),
            Map.entry("vireo.oidc.role-claim", "vireo_role"),
            Map.entry("vireo.oidc.create-users", "false"),
            Map.entry("vireo.webhooks.allow-private", "false"),
            Map.entry("vireo.webhooks.retries", "PT10S,PT1M,PT5M,PT30M"),
            Map.entry("vireo.webhooks.connect-timeout", "PT5S"),
            Map.entry("vireo.webhooks.timeout", "PT10S"),
            Map.entry("vireo.webhooks.poll", "PT5S"));

    private static <T> T bind(String prefix, Class<T> type, String... overrides) {
        var values = new HashMap<>(GOOD);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(values))
                .bind(prefix, type)
                .get();
    }

    private static void refused(String prefix, Class<?> type, String property, String value, String says) {
        assertThatThrownBy(() -> bind(prefix, type, property, value))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining(says);
    }

    @Test
    void theDefaultsBind() {
        assertThat(bind("vireo.quotas.default", QuotaDefaults.class))
                .isEqualTo(new QuotaDefaults(8, 16384, 200, 10, 10, 2, 100));
        assertThat(bind("vireo.hosts", HostSettings.class)).isEqualTo(new HostSettings(4.0, 1.0, false));
        assertThat(bind("vireo.network", LocalHostNetwork.class).mode().wire()).isEqualTo("nat");
        var cluster = bind("vireo.cluster", ClusterSettings.class);
        assertThat(cluster.nodeId()).isEmpty();
        assertThat(cluster.leaseTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bind("vireo.security.login", LoginSettings.class).window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bind("vireo.mail", MailSettings.class).enabled()).isFalse();
        assertThat(bind("vireo.api", ApiTokenSettings.class).tokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(bind("vireo.machines", MachineSettings.class).shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(60));
        var console = bind("vireo.console", ConsoleSettings.class);
        assertThat(console.allowedOrigins()).containsExactly("http://localhost:8080", "http://127.0.0.1:8080");
        assertThat(console.proxies()).isEmpty();
        assertThat(bind("vireo.network", NetworkSettings.class).tenantPrefix()).isEqualTo(24);
        assertThat(bind("vireo.networks", NetworkSettings.PublicAddresses.class).ipCooldown())
                .isEqualTo(Duration.ofHours(1));
        assertThat(bind("vireo.bootstrap", BootstrapSettings.class).demoMachine())
                .isTrue();
        var local = bind("vireo", LocalHypervisorSettings.class);
        assertThat(local.storage().poolDir()).hasToString("/var/lib/vireo/disks");
        assertThat(local.libvirt().uri()).isEqualTo("qemu:///system");
        assertThat(local.hypervisor().accelerator()).isEmpty();
        assertThat(bind("vireo", TemplateSettings.class).templates().maxImageGib())
                .isEqualTo(100);
        assertThat(bind("vireo.oidc", OidcSettings.class))
                .isEqualTo(new OidcSettings(
                        "", "", "", "Single sign-on", "preferred_username", "vireo_tenant", "vireo_role", false));
        var webhooks = bind("vireo.webhooks", WebhookSettings.class);
        assertThat(webhooks.allowPrivate()).isFalse();
        assertThat(webhooks.attempts()).isEqualTo(5);
        assertThat(webhooks.retries()).first().isEqualTo(Duration.ofSeconds(10));
        refused(
                "vireo.webhooks",
                WebhookSettings.class,
                "vireo.webhooks.retries",
                "PT10S,PT0S",
                "VIREO_WEBHOOKS_RETRIES");
    }

    @Test
    void singleSignOnNeedsAnIssuerUrlAndAClientAndNeverPrintsTheSecret() {
        assertThat(bind("vireo.oidc", OidcSettings.class).enabled()).isFalse();
        refused("vireo.oidc", OidcSettings.class, "vireo.oidc.issuer", "idp.example.com", "VIREO_OIDC_ISSUER");
        refused(
                "vireo.oidc",
                OidcSettings.class,
                "vireo.oidc.issuer",
                "https://idp.example.com/realms/hosting",
                "VIREO_OIDC_CLIENT_ID must be set when VIREO_OIDC_ISSUER is");
        var set = new Binder(new MapConfigurationPropertySource(Map.of(
                        "vireo.oidc.issuer", "https://idp.example.com/realms/hosting",
                        "vireo.oidc.client-id", "vireo",
                        "vireo.oidc.client-secret", "the-client-secret",
                        "vireo.oidc.create-users", "true")))
                .bind("vireo.oidc", OidcSettings.class)
                .get();
        assertThat(set.enabled()).isTrue();
        assertThat(set.createUsers()).isTrue();
        assertThat(set.tenantClaim()).isEqualTo("vireo_tenant");
        assertThat(set.toString()).contains("clientSecret=(set)").doesNotContain("the-client-secret");
    }

    @Test
    void aBadValueNamesItsVariable() {
        refused(
                "vireo.quotas.default",
                QuotaDefaults.class,
                "vireo.quotas.default.vcpus",
                "-1",
                "VIREO_QUOTA_VCPUS must be 0 to 100000, was -1");
        refused(
                "vireo.quotas.default",
                QuotaDefaults.class,
                "vireo.quotas.default.backup-gib",
                "100000001",
                "VIREO_QUOTA_BACKUP_GIB must be 0 to 100000000, was 100000001");
        refused("vireo.hosts", HostSettings.class, "vireo.hosts.cpu-overcommit", "0", "VIREO_CPU_OVERCOMMIT");
        refused(
                "vireo.network",
                LocalHostNetwork.class,
                "vireo.network.local-outbound",
                "open",
                "VIREO_LOCAL_OUTBOUND: network mode is nat, none or isolated: open");
        refused("vireo.network", LocalHostNetwork.class, "vireo.network.local-dns", "8.8.8.8.8", "VIREO_LOCAL_DNS");
        refused(
                "vireo.cluster",
                ClusterSettings.class,
                "vireo.cluster.lease-ttl",
                "PT1S",
                "VIREO_LEASE_TTL (PT1S) must be longer than its renewal interval");
        refused("vireo.cluster", ClusterSettings.class, "vireo.cluster.node-id", "n".repeat(101), "VIREO_NODE_ID");
        refused(
                "vireo.security.login",
                LoginSettings.class,
                "vireo.security.login.window",
                "PT0S",
                "vireo.security.login.window must be a positive duration");
        refused("vireo.mail", MailSettings.class, "vireo.mail.public-url", "portal.example", "VIREO_PUBLIC_URL");
        refused("vireo.mail", MailSettings.class, "vireo.mail.host", "smtp.example", "VIREO_SMTP_FROM");
        assertThat(bind("vireo.mail", MailSettings.class, "vireo.mail.password", "smtp-s3cret")
                        .toString())
                .doesNotContain("smtp-s3cret")
                .contains("(set)");
        refused(
                "vireo.api",
                ApiTokenSettings.class,
                "vireo.api.token-lifetime",
                "P400D",
                "must not be longer than vireo.api.token-max-lifetime");
        refused(
                "vireo.machines",
                MachineSettings.class,
                "vireo.machines.shutdown-timeout",
                "-PT1S",
                "VIREO_SHUTDOWN_TIMEOUT must be a positive duration");
        refused(
                "vireo.console",
                ConsoleSettings.class,
                "vireo.console.port",
                "70000",
                "VIREO_CONSOLE_PORT must be 0 to 65535, was 70000");
        refused(
                "vireo.console",
                ConsoleSettings.class,
                "vireo.console.public-url",
                "localhost:6080",
                "VIREO_CONSOLE_PUBLIC_URL must be a ws:// or wss:// URL");
        refused(
                "vireo.network",
                NetworkSettings.class,
                "vireo.network.private-cidr",
                "10.128.0.0/33",
                "VIREO_PRIVATE_CIDR");
        refused(
                "vireo.network",
                NetworkSettings.class,
                "vireo.network.tenant-prefix",
                "8",
                "VIREO_PRIVATE_PREFIX must be between 12 and 29 for the plan 10.128.0.0/12, was 8");
        refused(
                "vireo.networks",
                NetworkSettings.PublicAddresses.class,
                "vireo.networks.ip-cooldown",
                "-PT1M",
                "VIREO_IP_COOLDOWN must be a duration of zero or more");
        refused(
                "vireo",
                LocalHypervisorSettings.class,
                "vireo.hypervisor.accelerator",
                "xen",
                "VIREO_ACCELERATOR: unknown accelerator 'xen' (kvm or tcg)");
        refused("vireo", LocalHypervisorSettings.class, "vireo.storage.pool", "a/b", "VIREO_STORAGE_POOL");
        // a relative directory is taken from where the portal runs, as before
        assertThat(bind("vireo", LocalHypervisorSettings.class, "vireo.home", "relative/dir")
                        .home())
                .isEqualTo(Path.of("relative/dir").toAbsolutePath());
        refused("vireo", TemplateSettings.class, "vireo.templates.max-image-gib", "0", "VIREO_IMAGE_MAX_GIB");
        // passwords are never printed
        assertThat(bind(
                                "vireo.bootstrap",
                                BootstrapSettings.class,
                                "vireo.bootstrap.demo-password",
                                "a-long-demo-password")
                        .toString())
                .doesNotContain("a-long-demo-password");
        // a secret that is no base64 is refused without repeating it
        assertThatThrownBy(() -> bind("vireo.console", ConsoleSettings.class, "vireo.console.secret", "s3cret!key"))
                .rootCause()
                .hasMessageContaining("VIREO_CONSOLE_SECRET must be base64")
                .hasMessageNotContaining("s3cret!key");
        assertThat(bind("vireo.console", ConsoleSettings.class, "vireo.console.secret", "c2VjcmV0")
                        .toString())
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void aValueThatIsNoNumberIsRefusedToo() {
        // Spring's own conversion failure: the property is named, the start fails
        assertThatThrownBy(() -> bind("vireo.quotas.default", QuotaDefaults.class, "vireo.quotas.default.ipv4", "two"))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("vireo.quotas.default.ipv4");
    }
}
