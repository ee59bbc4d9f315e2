package org.vireo.base;

/**
 * The thing does not exist for the caller. Also used for another tenant's things: they are "not found", never
 * "forbidden", so their existence is not revealed.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what + " not found");
    }
}
