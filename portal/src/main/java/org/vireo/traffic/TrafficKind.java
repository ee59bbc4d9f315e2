package org.vireo.traffic;

import java.util.Locale;

/** Public traffic (a public address's interface) counts against allowances; private traffic is shown, free. */
public enum TrafficKind {
    PUBLIC,
    PRIVATE;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
