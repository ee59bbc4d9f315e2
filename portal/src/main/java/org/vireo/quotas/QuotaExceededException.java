package org.vireo.quotas;

import java.util.Map;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.vireo.base.ConflictException;

/**
 * A create or resize would take a tenant past one of its limits; nothing was changed. 409 with the problem type
 * {@code …/quota-exceeded} and the limit named in {@code detail} and in the member {@code limit}.
 */
public class QuotaExceededException extends ConflictException {
    private final String resource;
    private final int limit;
    private final int requested;
    private final int inUse;

    public QuotaExceededException(String resource, int limit, int inUse, int requested) {
        super(
                "quota-exceeded",
                "quotas.exceeded",
                new DefaultMessageSourceResolvable("quotas.resource." + resource),
                limit,
                inUse,
                requested);
        this.resource = resource;
        this.limit = limit;
        this.requested = requested;
        this.inUse = inUse;
    }

    public String resource() {
        return resource;
    }

    public int limit() {
        return limit;
    }

    public int requested() {
        return requested;
    }

    public int inUse() {
        return inUse;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("limit", resource);
    }

    @Override
    public String getMessage() {
        return "quota exceeded: " + resource + " limit " + limit + ", in use " + inUse + ", requested " + requested;
    }
}
