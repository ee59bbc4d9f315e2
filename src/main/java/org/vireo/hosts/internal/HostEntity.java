package org.vireo.hosts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.hosts.Host;

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
    private Instant createdAt;

    protected HostEntity() {
    }

    public HostEntity(String name, String uri, String accelerator, double cpuRatio, double memoryRatio,
                      String consoleUrl) {
        this.consoleUrl = consoleUrl;
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

    public Host toHost() {
        return new Host(id, name, uri, accelerator, cpuRatio, memoryRatio, maintenance, createdAt, consoleUrl);
    }
}
