package org.vireo.base;

import java.util.regex.Pattern;

/** Checks shared by services. Each failure is an {@link InvalidInputException} naming the field. */
public final class Validation {
    /** Names of machines, tenants and users: safe in libvirt names, file names and XML without escaping. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private Validation() {
    }

    public static String name(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, "validation.required");
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            throw new InvalidInputException(field, "validation.name");
        }
        return value;
    }

    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "validation.required");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field, "validation.too-long", maxLength);
        }
        for (int i = 0; i < value.length(); i++) {
            int type = Character.getType(value.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED) {
                throw new InvalidInputException(field, "validation.characters");
            }
        }
        return value.strip();
    }

    public static int range(String field, Integer value, int min, int max) {
        if (value == null) {
            throw new InvalidInputException(field, "validation.required");
        }
        if (value < min || value > max) {
            throw new InvalidInputException(field, "validation.range", min, max);
        }
        return value;
    }
}
