package org.vireo.machines.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "machine_firewall")
public class FirewallEntity {
    @Id
    private UUID machineId;

    @Column(nullable = false)
    private String rules;

    @Column(nullable = false)
    private Instant updatedAt;

    protected FirewallEntity() {}

    public FirewallEntity(UUID machineId, String rules) {
        this.machineId = machineId;
        set(rules);
    }

    public void set(String rules) {
        this.rules = rules;
        this.updatedAt = Instant.now();
    }

    public String getRules() {
        return rules;
    }
}
