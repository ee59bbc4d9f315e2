package org.vireo.networks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.base.Cidr;
import org.vireo.networks.internal.TenantSubnetEntity;
import org.vireo.networks.internal.TenantSubnetRepository;

/**
 * Each tenant's private subnet: the lowest free one of the {@link NetworkPlan}, taken on the tenant's first machine
 * and kept until the tenant is deleted. Two tenants never get the same one: the subnet column is unique and a lost
 * race takes the next free one.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class TenantSubnets {
    private static final int ATTEMPTS = 100;

    private final TenantSubnetRepository subnets;
    private final NetworkPlan plan;
    private final TransactionTemplate tx;

    TenantSubnets(TenantSubnetRepository subnets, NetworkPlan plan, PlatformTransactionManager txManager) {
        this.subnets = subnets;
        this.plan = plan;
        this.tx = new TransactionTemplate(txManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The tenant's subnet, if it has one already. */
    public Optional<Cidr> find(UUID tenantId) {
        return subnets.findById(tenantId).map(s -> Cidr.parse(s.getCidr()));
    }

    /** The tenant's subnet, taken now if it has none; 409 when the plan has no free subnet left. */
    public Cidr of(UUID tenantId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var known = subnets.findById(tenantId);
            if (known.isPresent()) {
                return Cidr.parse(known.get().getCidr());
            }
            var taken = new HashSet<>(subnets.allCidrs());
            // the lowest free one; after lost races one of the lowest few, so that many first creates at once
            // (each racing for the same lowest subnet) spread out instead of retrying one by one
            var free = new ArrayList<Cidr>();
            for (long i = 0; i < plan.subnets() && free.size() <= attempt; i++) {
                Cidr candidate = plan.subnet(i);
                if (!taken.contains(candidate.toString())) {
                    free.add(candidate);
                }
            }
            if (free.isEmpty()) {
                throw new AddressesExhaustedException("networks.plan-exhausted");
            }
            Cidr chosen = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            String cidr = chosen.toString();
            try {
                tx.executeWithoutResult(s -> subnets.saveAndFlush(new TenantSubnetEntity(tenantId, cidr)));
                return chosen;
            } catch (DataIntegrityViolationException raced) {
                // another create took this subnet (or this tenant's first subnet) just now: look again
            }
        }
        throw new IllegalStateException("no private subnet after " + ATTEMPTS + " attempts");
    }
}
