package org.vireo.hosts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.hosts.Host;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;

@Entity
@Table(name = "host")
public class HostEntity {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false, unique = true)
    private String uri;

    @Column(nullable = false)
    private String accelerator;

    private double cpuRatio;
    private double memoryRatio;
    private boolean maintenance;
    private String consoleUrl;

    @Column(nullable = false)
    private String networkMode;

    @Column(nullable = false)
    private String dns;

    @Column(nullable = false)
    private Instant createdAt;

    private String migrationAddress;
    /** The directory of the host's backup pool (apart from its machine pool); null: no backups there. */
    private String backupDir;

    protected HostEntity() {}

    public HostEntity(
            String name,
            String uri,
            String accelerator,
            double cpuRatio,
            double memoryRatio,
            String consoleUrl,
            NetworkMode networkMode,
            NetworkDns dns) {
        this.consoleUrl = consoleUrl;
        this.dns = dns.wire();
        this.networkMode = networkMode.wire();
        this.id = UUID.randomUUID();
        this.name = name;
        this.uri = uri;
        this.accelerator = accelerator;
        this.cpuRatio = cpuRatio;
        this.memoryRatio = memoryRatio;
        this.createdAt = Instant.now();
    }

    public void setMaintenance(boolean maintenance) {
        this.maintenance = maintenance;
    }

    public void setNetworkMode(NetworkMode mode) {
        this.networkMode = mode.wire();
    }

    public void setDns(NetworkDns dns) {
        this.dns = dns.wire();
    }

    public void setMigrationAddress(String migrationAddress) {
        this.migrationAddress = migrationAddress;
    }

    public void setBackupDir(String backupDir) {
        this.backupDir = backupDir;
    }

    public Host toHost() {
        return new Host(
                id,
                name,
                uri,
                accelerator,
                cpuRatio,
                memoryRatio,
                maintenance,
                createdAt,
                consoleUrl,
                NetworkMode.parse(networkMode),
                NetworkDns.parse(dns),
                migrationAddress,
                backupDir);
    }
}
