package org.vireo.base;

/** CSV for downloads people open in spreadsheets. */
public final class Csv {
    private Csv() {}

    /** Quotes a CSV cell; a leading =,+,-,@ is neutralized so spreadsheets do not run it as a formula. */
    public static String cell(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
