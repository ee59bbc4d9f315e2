package org.vireo.hypervisor;

import java.util.Locale;

/** How guests run: hardware virtualization (KVM) or QEMU's software emulation (TCG). */
public enum Accelerator {
    KVM("kvm"),
    TCG("qemu");

    private final String domainType;

    Accelerator(String domainType) {
        this.domainType = domainType;
    }

    /** The libvirt {@code <domain type=..>} for this accelerator. */
    public String domainType() {
        return domainType;
    }

    public static Accelerator parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "kvm" -> KVM;
            case "tcg", "qemu" -> TCG;
            default -> throw new IllegalArgumentException("unknown accelerator '" + value + "' (kvm or tcg)");
        };
    }
}
