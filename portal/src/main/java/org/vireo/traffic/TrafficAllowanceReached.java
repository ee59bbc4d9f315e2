package org.vireo.traffic;

import java.time.YearMonth;
import java.util.UUID;

/** The tenant's public traffic reached its monthly allowance: it is throttled until the month ends. */
public record TrafficAllowanceReached(UUID tenantId, YearMonth month, int allowanceGiB, int throttleMbit) {}
