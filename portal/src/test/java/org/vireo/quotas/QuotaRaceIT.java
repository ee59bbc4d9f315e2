package org.vireo.quotas;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.machines.MachineService;
import org.vireo.networks.TenantSubnets;
import org.vireo.security.AccountService;
import org.vireo.support.IntegrationTest;
import org.vireo.support.QuotaRace;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;

/** On H2 (the embedded default): see {@link QuotaRace}. The PostgreSQL run is in PostgresProfileIT. */
@IntegrationTest
class QuotaRaceIT {
    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    QuotaService quotas;

    @Autowired
    MachineService machines;

    @Autowired
    TemplateService templates;

    @Autowired
    TenantSubnets subnets;

    @Test
    void fiftyParallelCreatesAgainstAQuotaOfSevenYieldExactlySeven() throws Exception {
        QuotaRace.run(tenants, accounts, quotas, machines, templates);
    }

    @Test
    void fiftyTenantsAskingForTheirSubnetAtOnceGetFiftyDistinctOnes() throws Exception {
        QuotaRace.subnets(tenants, subnets);
    }
}
