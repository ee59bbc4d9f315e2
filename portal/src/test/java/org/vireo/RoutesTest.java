package org.vireo;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every Vaadin route with its access rule. A new route fails this test until it is listed here and its tenant
 * isolation is covered (IsolationTest in playwright-tests walks the routes with another tenant's ids).
 */
class RoutesTest {
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("", "authenticated"),
            Map.entry("login", "anonymous"),
            Map.entry("login/code", "anonymous"),
            Map.entry("login/enrol", "anonymous"),
            Map.entry("confirm-email", "anonymous"),
            Map.entry("forgot-password", "anonymous"),
            Map.entry("reset-password", "anonymous"),
            Map.entry("join", "anonymous"),
            Map.entry("machines", "authenticated"),
            Map.entry("machines/:id", "authenticated"),
            Map.entry("machines/:id/console", "authenticated"),
            Map.entry("templates", "authenticated"),
            Map.entry("tokens", "authenticated"),
            Map.entry("keys", "authenticated"),
            Map.entry("users", "ADMIN,TENANT_ADMIN"),
            Map.entry("webhooks", "TENANT_ADMIN"),
            Map.entry("account", "authenticated"),
            Map.entry("audit", "ADMIN,TENANT_ADMIN"),
            Map.entry("admin/host", "ADMIN"),
            Map.entry("admin/hosts", "ADMIN"),
            Map.entry("admin/ip-pools", "ADMIN"),
            Map.entry("admin/tenants", "ADMIN"),
            Map.entry("admin/traffic", "ADMIN"));

    @Test
    void everyRouteIsListedWithItsAccessRule() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        var actual = new TreeMap<String, String>();
        for (var bean : scanner.findCandidateComponents("org.vireo")) {
            var type = Class.forName(bean.getBeanClassName());
            String rule = type.isAnnotationPresent(AnonymousAllowed.class)
                    ? "anonymous"
                    : type.isAnnotationPresent(PermitAll.class)
                            ? "authenticated"
                            : type.isAnnotationPresent(RolesAllowed.class)
                                    ? String.join(
                                            ",",
                                            type.getAnnotation(RolesAllowed.class)
                                                    .value())
                                    : "none";
            actual.put(type.getAnnotation(Route.class).value(), rule);
        }
        assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
    }
}
