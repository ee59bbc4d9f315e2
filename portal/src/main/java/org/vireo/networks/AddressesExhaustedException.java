package org.vireo.networks;

import org.vireo.base.ConflictException;

/** No address (or subnet) is left to give out: 409 with the problem type {@code no-address}. */
public class AddressesExhaustedException extends ConflictException {
    public AddressesExhaustedException(String messageKey, Object... args) {
        super("no-address", messageKey, args);
    }
}
