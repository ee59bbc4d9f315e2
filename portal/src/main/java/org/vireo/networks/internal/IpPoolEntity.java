package org.vireo.networks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.vireo.networks.IpPool;

@Entity
@Table(name = "ip_pool")
public class IpPoolEntity {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private UUID hostId;

    @Column(nullable = false)
    private String cidr;

    @Column(nullable = false)
    private String gateway;

    @Column(nullable = false)
    private String bridge;
    /** Comma-separated. */
    @Column(nullable = false)
    private String reserved;

    @Column(nullable = false)
    private Instant createdAt;

    protected IpPoolEntity() {}

    public IpPoolEntity(String name, UUID hostId, String cidr, String gateway, String bridge, List<String> reserved) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.hostId = hostId;
        this.cidr = cidr;
        this.gateway = gateway;
        this.bridge = bridge;
        this.reserved = String.join(",", reserved);
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getHostId() {
        return hostId;
    }

    public IpPool toPool(int used) {
        return new IpPool(
                id,
                name,
                hostId,
                cidr,
                gateway,
                bridge,
                reserved.isEmpty() ? List.of() : Arrays.asList(reserved.split(",")),
                createdAt,
                used);
    }
}
