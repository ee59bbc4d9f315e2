package org.vireo.hosts.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import org.vireo.hosts.HostSettings;
import org.vireo.hosts.LocalHostNetwork;
import org.vireo.hypervisor.HypervisorFactory;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;

/**
 * The portal's own host becomes an ordinary host row: made here when missing (as the first start registers it),
 * machines without a host (from before several hosts) get it, and {@code machine.host_id} is required from now on.
 * A Flyway migration in Java (picked up as a bean) because the row's URI and accelerator are configuration.
 */
@Component
public class V022__LocalHostRow extends BaseJavaMigration {
    private final HypervisorFactory factory;
    private final double cpuOvercommit;
    private final double memoryOvercommit;
    private final NetworkMode networkMode;
    private final NetworkDns dns;

    V022__LocalHostRow(HypervisorFactory factory, HostSettings settings, LocalHostNetwork localNetwork) {
        this.factory = factory;
        this.networkMode = localNetwork.mode();
        this.dns = localNetwork.dns();
        this.cpuOvercommit = settings.cpuOvercommit();
        this.memoryOvercommit = settings.memoryOvercommit();
    }

    @Override
    public void migrate(Context context) throws SQLException {
        var db = context.getConnection();
        UUID local = localHost(db);
        try (var update = db.prepareStatement("update machine set host_id = ? where host_id is null")) {
            update.setObject(1, local);
            update.executeUpdate();
        }
        try (var alter = db.createStatement()) {
            alter.execute("alter table machine alter column host_id set not null");
        }
    }

    private UUID localHost(Connection db) throws SQLException {
        try (var find = db.prepareStatement("select id from host where uri = ?")) {
            find.setString(1, factory.localUri());
            try (var rows = find.executeQuery()) {
                if (rows.next()) {
                    return rows.getObject(1, UUID.class);
                }
            }
        }
        UUID id = UUID.randomUUID();
        try (var insert = db.prepareStatement("insert into host (id, name, uri, accelerator, cpu_ratio, memory_ratio, "
                + "maintenance, created_at, network_mode, dns) values (?, ?, ?, ?, ?, ?, false, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, freeName(db));
            insert.setString(3, factory.localUri());
            insert.setString(4, factory.localAccelerator().name());
            insert.setDouble(5, cpuOvercommit);
            insert.setDouble(6, memoryOvercommit);
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.setString(8, networkMode.wire());
            insert.setString(9, dns.wire());
            insert.executeUpdate();
        }
        return id;
    }

    /** "local", or "local-2" and so on when an operator gave that name to another host. */
    private static String freeName(Connection db) throws SQLException {
        for (int n = 1; ; n++) {
            String name = n == 1 ? "local" : "local-" + n;
            try (var find = db.prepareStatement("select 1 from host where name = ?")) {
                find.setString(1, name);
                try (var rows = find.executeQuery()) {
                    if (!rows.next()) {
                        return name;
                    }
                }
            }
        }
    }
}
