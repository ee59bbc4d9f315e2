package org.vireo.quotas;

/** A create would take a tenant past one of its limits; nothing was changed. */
public class QuotaExceededException extends RuntimeException {
    private final String resource;
    private final int limit;
    private final int requested;
    private final int inUse;

    public QuotaExceededException(String resource, int limit, int inUse, int requested) {
        super("quota exceeded: " + resource + " limit " + limit + ", in use " + inUse + ", requested " + requested);
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
}
