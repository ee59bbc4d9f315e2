package org.vireo.base;

import java.util.regex.Pattern;

/** Checks shared by services. Each failure is an {@link InvalidInputException} naming the field. */
public final class Validation {
    /** Names of machines, tenants and users: safe in libvirt names, file names and XML without escaping. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private static final String MARKUP = "<>&\"'`\\$";
    private static final String NAME_MARKUP = "<>\"`\\$";
    /** A Unix user name as Debian's adduser takes it by default: a guest's user, an SSH login on a host. */
    public static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private Validation() {}

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
        return text(field, value, maxLength, MARKUP);
    }

    /**
     * A name people give a company or team: as {@link #text}, but with "&" and "'" ("Müller GmbH & Co. KG",
     * "O'Brien Hosting"), which every view escapes and the CSV export quotes.
     */
    public static String displayName(String field, String value, int maxLength) {
        return text(field, value, maxLength, NAME_MARKUP);
    }

    private static String text(String field, String value, int maxLength, String refused) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "validation.required");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field, "validation.too-long", maxLength);
        }
        // Nor the markup/quoting characters of HTML, XML, CSV and shells, nor "../": labels never need them.
        if (hasInvisible(value) || value.chars().anyMatch(c -> refused.indexOf(c) >= 0) || value.contains("../")) {
            throw new InvalidInputException(field, "validation.characters");
        }
        return value.strip();
    }

    /**
     * Whether the text has control, invisible (zero-width, bidi overrides), unassigned, private-use or
     * unpaired surrogate characters, or line/paragraph separators.
     */
    public static boolean hasInvisible(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int type = Character.getType(value.codePointAt(i));
                if (type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.FORMAT) {
                    return true;
                }
                i++;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return true;
            }
        }
        return false;
    }

    public static int range(String field, Integer value, int min, int max) {
        if (value == null) {
            throw new InvalidInputException(field, "validation.required");
        }
        if (value < min || value > max) {
            // in the field's unit: memory in MiB, disks in GiB, vCPUs
            String key = field.endsWith("MiB")
                    ? "validation.range.mib"
                    : field.endsWith("GiB")
                            ? "validation.range.gib"
                            : field.equals("vcpus") ? "validation.range.vcpus" : "validation.range";
            throw new InvalidInputException(field, key, min, max);
        }
        return value;
    }
}
